// A real profile on this machine: fresh child processes (from TypeScript source under tsx),
// the trivial-model baseline, three batch sizes and the fit.
import { describe, expect, it } from 'vitest';
import { AgentError } from '../../profiler-agent/errors.ts';
import { describeLocalDevice, profileLocal } from '../../profiler-agent/local.ts';
import { sha256 } from '../../profiler-agent/measure/profile.ts';
import { parseProfileResult } from '../../profiler-agent/protocol.ts';
import { CORRUPT_MODEL, fixedBatchModel, wideActivationModel } from './fixtures.ts';

describe('profileLocal', () => {
  it('describes this machine as a device', async () => {
    const d = await describeLocalDevice({ name: 'bench', tags: ['ci'] });
    expect(d).toMatchObject({
      name: 'bench',
      tags: ['ci'],
      os: process.platform,
      arch: process.arch,
      runtime: { name: 'ort-node' },
    });
    expect(d.cores).toBeGreaterThan(0);
    expect(d.memoryBytes).toBeGreaterThan(0);
    expect(d.sessionOptions.intraOpNumThreads).toBe(1);
    // What its measuring processes run with, so a host can tell peaks of another setting apart.
    expect(d.measuringEnv).toEqual({ UV_THREADPOOL_SIZE: '1', MALLOC_MMAP_THRESHOLD_: '4096' });
  });

  it('measures load, latency and peak memory at three batch sizes and fits them', async () => {
    const model = wideActivationModel();
    const result = await profileLocal(model, { batches: [1, 4, 16], runs: 12, warmup: 2 });
    expect(parseProfileResult(JSON.parse(JSON.stringify(result)))).toEqual(result);
    expect(result.modelSha256).toBe(sha256(model));
    expect(result.modelBytes).toBe(model.byteLength);
    expect(result.batches.map((b) => b.batch)).toEqual([1, 4, 16]);
    expect(result.latencyBatch).toBe(1);
    expect(result.loadMs).toBeGreaterThan(0);
    const l = result.latencyMs;
    expect(l.first).toBeGreaterThan(0);
    expect(l.p50).toBeGreaterThan(0);
    expect(l.p50).toBeLessThanOrEqual(l.p90);
    expect(l.p90).toBeLessThanOrEqual(l.p99);
    for (const b of result.batches) expect(b.latenciesMs).toHaveLength(12);
    // p50 by the block estimator, named in the result, with the CPU time of every run beside it.
    expect(l.estimator).toBe('median-of-block-minimums');
    expect(l.blocks).toEqual([3, 3, 2, 2, 2]);
    expect(l.p50).toBe([...l.blockMinimaMs!].sort((a, b) => a - b)[2]);
    expect(l.runsP50).toBeGreaterThanOrEqual(Math.min(...result.batches[0]!.latenciesMs));
    expect(l.cpuP50).toBeGreaterThan(0);
    for (const b of result.batches) expect(b.cpuTimesMs).toHaveLength(12);
    expect(result.peakMemoryBytes).toBeGreaterThan(0);
    expect(result.peakMemoryBytes).toBe(result.batches[0]!.peakBytes);
    if (process.platform === 'linux') expect(['vmhwm-reset', 'vmhwm']).toContain(result.memory.method);
    // 256 KB of activation per sample in the wide middle, plus input and output (32 KB each).
    const perSample = result.memory.perSampleBytes!;
    expect(perSample).toBeGreaterThan(200_000);
    expect(perSample).toBeLessThan(2_000_000);
    expect(result.memory.fit!.r2).toBeGreaterThan(0.9);
    const peaks = result.memory.samples.map((s) => s.peakBytes);
    expect(peaks[2]!).toBeGreaterThan(peaks[0]!);
    // The peak is the larger of the load's and the run's, measured apart: this model's weights
    // are small, so the run's (batch × activations) exceeds the load's, more so with the batch.
    for (const b of result.batches) {
      expect(b.peakBytes).toBe(Math.max(b.loadPeakBytes!, b.runPeakBytes!));
      expect(b.runPeakBytes!).toBeGreaterThan(b.loadPeakBytes!);
    }
    expect(result.batches[2]!.runPeakBytes! - result.batches[0]!.runPeakBytes!).toBeGreaterThan(15 * 200_000);
    if (process.platform === 'linux') {
      // The convolution kernels' code, which the trivial Relu model never ran: part of every
      // batch's peak, and the same kernels whatever the batch (fault-around pages in 64 KB).
      const code = result.batches.map((b) => b.codeBytes!);
      for (const [i, b] of result.batches.entries()) {
        expect(code[i]).toBeGreaterThan(64 * 1024);
        expect(code[i]).toBeLessThanOrEqual(b.peakBytes);
      }
      expect(Math.abs(code[2]! - code[0]!)).toBeLessThan(256 * 1024);
    }
    expect(result.notes.join(' ')).toContain('only 12 timed runs');
  });

  it('turns a corrupt model into a clear MODEL_INVALID error', async () => {
    const error = await profileLocal(CORRUPT_MODEL, { batches: [1, 8], runs: 1, warmup: 0 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AgentError);
    expect((error as AgentError).code).toBe('MODEL_INVALID');
    // The agent's own walk over the model (model-check/) refuses it before the runtime sees it.
    expect((error as AgentError).message).toMatch(/^not an ONNX model: .*byte \d+/);
    expect((error as AgentError).message).not.toContain('\n');
  });

  it('refuses empty, oversized and fixed-batch mismatches before or while measuring', async () => {
    await expect(profileLocal(new Uint8Array(0))).rejects.toMatchObject({ code: 'MODEL_INVALID' });
    await expect(profileLocal(wideActivationModel(), { maxModelBytes: 100 })).rejects.toMatchObject({
      code: 'MODEL_TOO_LARGE',
    });
    await expect(profileLocal(wideActivationModel(), { batches: [0] })).rejects.toMatchObject({
      code: 'USAGE',
    });
    await expect(
      profileLocal(fixedBatchModel(), { batches: [1, 2], runs: 1, warmup: 0 }),
    ).rejects.toMatchObject({
      code: 'MODEL_UNSUPPORTED',
      message: expect.stringContaining(
        "input 'x' has a fixed batch dimension of 1, so it cannot run batch 2",
      ),
    });
  });

  it('falls back to rss sampling and says so', async () => {
    const result = await profileLocal(wideActivationModel(), {
      batches: [4],
      runs: 3,
      warmup: 0,
      forceRssSampling: true,
    });
    expect(result.memory.method).toBe('rss-sampling');
    expect(result.memory.fit).toBeNull();
    expect(result.peakMemoryBytes).toBeGreaterThan(0);
    expect(result.notes.join(' ')).toMatch(/process\.memoryUsage\(\)\.rss was sampled/);
    expect(result.notes.join(' ')).toMatch(/batch 1 was not measured/);
  });
});
