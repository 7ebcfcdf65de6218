// A calibration killed part way resumes: the measurements it finished are kept in a progress file
// and not taken again, as long as the device, seed and profile request are the same.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openProgress, partialPath } from '../../../app/calibrate/progress.ts';
import {
  calibrationProfile,
  MEASUREMENTS_PER_MODEL,
  runCalibration,
} from '../../../app/calibrate/run-calibration.ts';
import type { CalibrationTarget } from '../../../app/calibrate/target.ts';
import type { DeviceDescription, ProfileResult } from '../../../profiler-agent/protocol.ts';

const home = mkdtempSync(join(tmpdir(), 'memnas-cal-progress-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const env = { MEMNAS_HOME: home };
const request = calibrationProfile('ort-node');
const MODELS = 8;

const describe_ = (cpuModel: string): DeviceDescription =>
  ({
    name: 'pi5',
    cpuModel,
    arch: 'arm64',
    os: 'linux',
    runtime: { name: 'ort-node', version: '1.30.0' },
  }) as never;

/** A deterministic device that counts its profiles and fails at profile number `failAt`. */
function countingTarget(failAt = Infinity): CalibrationTarget & { calls: number } {
  const target = {
    name: 'pi5',
    runtime: 'ort-node',
    calls: 0,
    profile: (onnx: Uint8Array, r: { batches: readonly number[] }) => {
      if (++target.calls >= failAt) return Promise.reject(new Error('the agent went away'));
      const batches = r.batches.map((b) => {
        const peak = 500_000 + onnx.length * 3 + b * 40_000;
        const p50 = 0.1 + onnx.length / 1e5 + b / 100;
        const latencyMs = { first: p50, p50, p90: p50, p99: p50, mean: p50, std: 0 };
        return { batch: b, baselineBytes: 1e8, peakBytes: peak, loadMs: 1, latencyMs, latenciesMs: [p50] };
      });
      return Promise.resolve({
        batches,
        device: { name: 'pi5' },
        memory: { method: 'vmhwm-reset' },
      } as never as ProfileResult);
    },
  };
  return target;
}

describe('resuming a calibration', () => {
  it('keeps the finished measurements of a failed run and takes only the rest', async () => {
    const per = MEASUREMENTS_PER_MODEL;
    const done = MODELS + 3; // the first pass and three models of the second
    const first = countingTarget(done + 1);
    const progress = openProgress('pi5', describe_('Cortex-A76'), 1, request, env);
    await expect(runCalibration(first, { models: MODELS, seed: 1, progress })).rejects.toThrow(/went away/);
    expect(existsSync(partialPath('pi5', env))).toBe(true);

    const again = openProgress('pi5', describe_('Cortex-A76'), 1, request, env);
    expect(again.resumable).toBe(done);
    const second = countingTarget();
    const resumed = await runCalibration(second, { models: MODELS, seed: 1, progress: again });
    expect(second.calls).toBe(MODELS * per - done);

    const fresh = await runCalibration(countingTarget(), { models: MODELS, seed: 1 });
    expect(resumed.fit).toEqual(fresh.fit);
    again.finish();
    expect(existsSync(partialPath('pi5', env))).toBe(false);
  });

  it('keeps nothing for another device, seed or request, or for changed bytes', () => {
    const kept = openProgress('pi5', describe_('Cortex-A76'), 1, request, env);
    const bytes = new Uint8Array([1, 2, 3]);
    kept.put('cal-00-space', bytes, [{} as ProfileResult]);
    expect(kept.get('cal-00-space', bytes)).toBeDefined();
    expect(kept.get('cal-00-space', new Uint8Array([1, 2, 4]))).toBeUndefined();
    expect(openProgress('pi5', describe_('Cortex-A76'), 1, request, env).resumable).toBe(1);
    expect(openProgress('pi5', describe_('Cortex-A72'), 1, request, env).resumable).toBe(0);
    expect(openProgress('pi5', describe_('Cortex-A76'), 2, request, env).resumable).toBe(0);
    expect(openProgress('pi5', describe_('Cortex-A76'), 1, { ...request, runs: 1 }, env).resumable).toBe(0);
    kept.finish();
  });
});
