// Search progress as plain lines (logs, pipes): the runoff says who trains again and what each
// finalist reached, and the round's line gives the chosen parent's latest accuracy.
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../../cli/search/progress.ts';
import type { CandidateRecord, RoundRecord } from '../../../search/loop/types.ts';

function plainStream() {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (t: string) => lines.push(t) } as unknown as NodeJS.WriteStream;
  return { lines, stream };
}

const finalist = {
  id: 12,
  mutation: { kind: 'width' },
  status: 'trained',
  validationAccuracy: 0.781,
  runoffAccuracy: 0.805,
  measuredBytes: null,
  memory: { totalBytes: 262_900 },
} as unknown as CandidateRecord;

describe('search progress', () => {
  it('prints the runoff and the parent at its second-pass accuracy', () => {
    const { lines, stream } = plainStream();
    const p = createProgress(stream, () => 222, 12);
    p.event({ kind: 'runoff-start', round: 1, finalists: [9, 12] });
    p.event({ kind: 'runoff-done', round: 1, candidate: finalist });
    const round = { round: 1, nextParentId: 12, improved: true, quality: null } as unknown as RoundRecord;
    p.event({ kind: 'round-done', round, parent: finalist });
    expect(lines[0]).toBe('  runoff: candidates 9, 12 train one more pass before round 1 chooses\n');
    expect(lines[1]).toBe('  candidate 12 (width): validation 80.5% after the runoff\n');
    expect(lines[2]).toMatch(/^round 1 done: parent candidate 12 \(80\.5%, 262\.9 KB\)/);
  });
});
