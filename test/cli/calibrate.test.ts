// `memnas calibrate` and `memnas estimate --device` as a user runs them. Profiles 4 generated
// models on this machine (~15 s): the calibration itself, the store, the predictions and the
// clear failures (no calibration, unreachable coordinator, bad --models).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CalibrationRecord } from '../../app/calibrate/store.ts';
import { squeezeNetFire } from '../fixtures/onnx/public-architectures.ts';

interface Shares {
  readonly count: number;
  readonly within5: number;
  readonly within10: number;
}
interface CalibrateJson {
  readonly device: string;
  readonly runtime: { readonly name: string };
  readonly models: number;
  readonly heldOut: number;
  readonly memory: Shares;
  readonly latency: Shares;
  readonly latencyKernels: string | null;
  readonly band: unknown;
  readonly path: string;
}

const bin = fileURLToPath(new URL('../../bin/memnas.js', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'memnas-home-'));

function memnas(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, MEMNAS_HOME: home, MEMNAS_COORDINATOR: '', MEMNAS_TOKEN: '', ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectOneLineFailure(r: ReturnType<typeof memnas>, pattern: RegExp): void {
  expect(r.status).not.toBe(0);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe('memnas calibrate and estimate --device', () => {
  it('names the fix when a device has no calibration', () => {
    const r = memnas(['estimate', 'examples/plain-cnn.json', '--device', 'pi5', '--json']);
    expectOneLineFailure(
      r,
      /device 'pi5' has no calibration.*memnas calibrate --device pi5.*CALIBRATION_MISSING/,
    );
  });

  it('fails in one line, writing nothing, when the device cannot be reached or the flags are bad', () => {
    const offline = memnas([
      'calibrate',
      '--device',
      'pi5',
      '--coordinator',
      'http://127.0.0.1:9',
      '--token',
      't',
    ]);
    expectOneLineFailure(offline, /cannot reach the coordinator.*COORDINATOR_UNREACHABLE/);
    expectOneLineFailure(memnas(['calibrate', '--device', 'pi5']), /needs a coordinator/);
    expectOneLineFailure(
      memnas(['calibrate', '--device', 'local', '--models', '41']),
      /--models takes 4\.\.40/,
    );
    expect(existsSync(join(home, 'calibrations', 'pi5.json'))).toBe(false);
  });

  it('calibrates this machine, stores the fit, and predicts from it', () => {
    const r = memnas(['calibrate', '--device', 'local', '--models', '4', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\[pass 3\/3, 4\/4\] cal-03-dense-block: b1 /);
    const out = JSON.parse(r.stdout) as CalibrateJson;
    expect(out).toMatchObject({ device: 'local', models: 4, heldOut: 1 });
    expect(out.runtime.name).toBe('ort-node');
    // One held-out model: its two batches for memory, its batch-1 p50 for latency.
    for (const [part, count] of [
      [out.memory, 2],
      [out.latency, 1],
    ] as const) {
      expect(part.count).toBe(count);
      expect(part.within10).toBeGreaterThanOrEqual(part.within5);
    }
    expect(out.path).toBe(join(home, 'calibrations', 'local.json'));
    // 4 models × 2 batches are too few cross-validated peaks for a band.
    expect(out.band).toBeNull();
    const stored = JSON.parse(readFileSync(out.path, 'utf8')) as CalibrationRecord;
    expect(stored.device.cpuModel).toBeTruthy();
    expect(stored.device.sessionOptions.intraOpNumThreads).toBe(1);
    expect(stored.fit.points).toHaveLength(8);
    // This machine reproduces its own runtime: the latency model reads the kernels onnxruntime runs.
    expect(out.latencyKernels).toBe('runtime');
    expect(stored.fit.runtimeLatency).not.toBeNull();
    expect(stored.fit.points.every((p) => p.figures.runtimeKernels !== undefined)).toBe(true);
    expect(readdirSync(join(home, 'calibrations'))).toEqual(['local.json']);

    const onnx = join(home, 'fire.onnx');
    writeFileSync(onnx, squeezeNetFire().bytes);
    for (const file of [onnx, 'examples/mobilenetv2-28.json']) {
      const e = memnas(['estimate', file, '--device', 'local', '--batch', '8', '--json']);
      expect(e.status, e.stderr).toBe(0);
      const est = JSON.parse(e.stdout) as Record<string, number>;
      expect(est.batch).toBe(8);
      expect(est.predictedPeakMemoryBytes).toBeGreaterThan(100_000);
      expect(est.predictedPeakMemoryLowBytes).toBeNull();
      expect(est.predictedPeakMemoryHighBytes).toBeNull();
      expect(est.predictedLatencyMs).toBeGreaterThan(0);
      expect(est.paramBytes).toBeGreaterThan(0);
    }
    const text = memnas(['estimate', onnx, '--device', 'local']);
    expect(text.stdout).toMatch(/predicted peak memory/);
    // This machine's calibration describes it: no warning. Made with the memory pattern on (as
    // agents did before it was off by default): one line on stderr, and the prediction stands.
    expect(text.stderr).toBe('');
    const stale = {
      ...stored,
      device: {
        ...stored.device,
        sessionOptions: { ...stored.device.sessionOptions, enableMemPattern: true },
      },
    };
    writeFileSync(out.path, JSON.stringify(stale));
    const warned = memnas(['estimate', onnx, '--device', 'local', '--json']);
    expect(warned.status, warned.stderr).toBe(0);
    expect(warned.stderr.trim().split('\n')).toHaveLength(1);
    expect(warned.stderr).toMatch(
      /^memnas: warning: the calibration of 'local' was made on a different setup \(enableMemPattern true → false\)/,
    );
    expect(JSON.parse(warned.stdout)).toHaveProperty('predictedPeakMemoryBytes');

    // With a band (a full calibration has one): the range around the same prediction.
    const band = { lowRatio: 0.85, highRatio: 1.25, coverage: 0.9, count: 80, folds: 4 };
    writeFileSync(out.path, JSON.stringify({ ...stored, band }));
    const ranged = memnas(['estimate', onnx, '--device', 'local', '--json']);
    expect(ranged.status, ranged.stderr).toBe(0);
    const est = JSON.parse(ranged.stdout) as Record<string, number>;
    expect(est.predictedPeakMemoryLowBytes).toBe(Math.round(est.predictedPeakMemoryBytes! * 0.85));
    expect(est.predictedPeakMemoryHighBytes).toBe(Math.round(est.predictedPeakMemoryBytes! * 1.25));
    expect(memnas(['estimate', onnx, '--device', 'local']).stdout).toMatch(
      /likely range .* [KM]?B – [\d.]+ [KM]?B/,
    );
  }, 120_000);
});
