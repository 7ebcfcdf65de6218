// Which job messages a serial line can carry, and the one line a refusal reads.
import { describe, expect, it } from 'vitest';
import { inlineJobProblem, lineSeconds } from '../../../profiler-agent/serial/line-budget.ts';

// The Fashion-MNIST test split as an evaluate job: 10 000 × 784 bytes, ×4/3 as base64.
const INPUTS = 10_000 * 784;
const MESSAGE = Math.ceil(INPUTS / 3) * 4 + 2_000;

describe('serial line budget', () => {
  it('times a message at 10 bits a byte', () => {
    expect(lineSeconds(11_520, 115_200)).toBeCloseTo(1, 9);
  });

  it('refuses the Fashion-MNIST test split at 115200 baud and lets it through at USB speed', () => {
    const budget = { baudRate: 115_200, maxMessageBytes: 16 * 1024 * 1024 };
    expect(inlineJobProblem(MESSAGE, INPUTS, budget)).toBe(
      "the evaluate job's inputs are 7.8 MB, 10.5 MB as the inline message: about 15 min over the serial line at 115200 baud (the limit is 5 min); " +
        'evaluate on an agent over HTTP (memnas agent --coordinator, or the browser agent page) or on fewer images, or serve the line with its real speed (--baud) if it is faster',
    );
    expect(inlineJobProblem(MESSAGE, INPUTS, { ...budget, baudRate: 4_000_000 })).toBeNull();
    expect(inlineJobProblem(50_000, undefined, budget)).toBeNull(); // a profile job's small model
  });

  it("refuses a message over the link's limit whatever the speed", () => {
    expect(
      inlineJobProblem(MESSAGE, undefined, { baudRate: Number.POSITIVE_INFINITY, maxMessageBytes: 8e6 }),
    ).toBe(
      "the job's message (its model inline) is 10.5 MB, over the serial link's limit of 8.0 MB; use an agent over HTTP (memnas agent --coordinator)",
    );
  });
});
