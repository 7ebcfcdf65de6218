import { describe, expect, it } from 'vitest';
import { profileLocal } from '../../../profiler-agent/local.ts';
import { CHILD_ENV } from '../../../profiler-agent/measure/run-child.ts';
import { HEAP_TENSOR_LIMIT_BYTES } from '../../../search/calibration/figures.ts';
import { wideActivationModel } from '../fixtures.ts';

describe('the measuring child process', () => {
  it("pins glibc's mmap threshold where the calibration's heap/mapped weight split assumes it", () => {
    expect(CHILD_ENV.MALLOC_MMAP_THRESHOLD_).toBe(String(HEAP_TENSOR_LIMIT_BYTES));
  });

  it('stops a measurement that runs past its time limit with a TIMEOUT error', async () => {
    await expect(
      profileLocal(wideActivationModel(), { batches: [1], runs: 1, warmup: 0, timeoutMs: 30 }),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: 'measuring batch 1 took longer than 30 ms; the process was stopped',
    });
  });
});
