import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type CalibrationRecord,
  calibrationDrift,
  loadCalibration,
  saveCalibration,
} from '../../../app/calibrate/store.ts';
import { calibrationRecord } from './helpers/calibration-record.ts';
import { LOAD_FEATURES, MEMORY_FEATURES } from '../../../search/calibration/features.ts';
import { CALIBRATION_VERSION } from '../../../search/calibration/model.ts';

const home = mkdtempSync(join(tmpdir(), 'memnas-store-'));
const env = { MEMNAS_HOME: home };
afterAll(() => rmSync(home, { recursive: true, force: true }));

function record(deviceName: string, memoryFeatures: readonly string[]): CalibrationRecord {
  return calibrationRecord(
    deviceName,
    {},
    {
      version: CALIBRATION_VERSION,
      memory: { features: memoryFeatures, coefficients: memoryFeatures.map(() => 1) },
      load: {
        features: LOAD_FEATURES.map((f) => f.name),
        coefficients: LOAD_FEATURES.map(() => 1),
      },
      growth: null,
      latency: null,
      points: [],
    },
    { batches: [1, 8], runs: 1, warmup: 0 },
  );
}

describe('calibration store', () => {
  it('round-trips a record', () => {
    saveCalibration(
      record(
        'dev-a',
        MEMORY_FEATURES.map((f) => f.name),
      ),
      env,
    );
    expect(loadCalibration('dev-a', env)?.fit.load?.features).toHaveLength(LOAD_FEATURES.length);
  });

  it('rejects a record fitted with features this version no longer computes', () => {
    saveCalibration(record('dev-b', ['fixed', 'batch×ioBytes']), env);
    expect(() => loadCalibration('dev-b', env)).toThrow(/another format.*memnas calibrate --device dev-b/);
  });

  it('loads a version-2 record without its latency part, and refuses other versions in one line', () => {
    const memory = MEMORY_FEATURES.map((f) => f.name);
    const old = record('dev-v2', memory);
    const v2 = {
      ...old,
      version: 2,
      fit: {
        ...old.fit,
        version: 2,
        latency: { features: ['fixed', 'batch×conv.macs'], coefficients: [0.1, 1e-9] },
      },
    };
    saveCalibration(v2 as unknown as CalibrationRecord, env);
    const loaded = loadCalibration('dev-v2', env)!;
    expect(loaded.version).toBe(CALIBRATION_VERSION);
    expect(loaded.fit.latency).toBeNull();
    expect(loaded.fit.memory.features).toEqual(memory);
    saveCalibration({ ...v2, version: 1 } as unknown as CalibrationRecord, env);
    expect(() => loadCalibration('dev-v2', env)).toThrow(
      /version 1, this memnas reads 2 and 3\); run `memnas calibrate --device dev-v2` again$/,
    );
  });

  it('refuses a current record whose latency model names terms this version does not compute', () => {
    const r = record(
      'dev-lat',
      MEMORY_FEATURES.map((f) => f.name),
    );
    saveCalibration(
      { ...r, fit: { ...r.fit, latency: { features: ['fixed', 'warp'], coefficients: [1, 1] } } },
      env,
    );
    expect(() => loadCalibration('dev-lat', env)).toThrow(/another format/);
  });

  it("names a change of the agent's measuring environment, and a device that stopped reporting one", () => {
    const r = record('dev-d', ['fixed']);
    const was = {
      ...r,
      device: { ...r.device, measuringEnv: { UV_THREADPOOL_SIZE: '1', MALLOC_MMAP_THRESHOLD_: '131072' } },
    };
    expect(
      calibrationDrift(was, {
        ...was.device,
        measuringEnv: { MALLOC_MMAP_THRESHOLD_: '131072', UV_THREADPOOL_SIZE: '1' },
      }),
    ).toBeNull();
    expect(
      calibrationDrift(was, {
        ...was.device,
        measuringEnv: { UV_THREADPOOL_SIZE: '1', MALLOC_MMAP_THRESHOLD_: '4096' },
      }),
    ).toContain(
      'measuring environment MALLOC_MMAP_THRESHOLD_=131072 UV_THREADPOOL_SIZE=1 → MALLOC_MMAP_THRESHOLD_=4096 UV_THREADPOOL_SIZE=1',
    );
    expect(calibrationDrift(was, r.device)).toContain(
      'measuring environment MALLOC_MMAP_THRESHOLD_=131072 UV_THREADPOOL_SIZE=1 → none reported',
    );
  });

  it('names what changed since the calibration: runtime, session options, CPU; nothing when nothing did', () => {
    const r = record('dev-c', ['fixed']);
    expect(calibrationDrift(r, r.device)).toBeNull();
    expect(calibrationDrift(r, { ...r.device, name: 'renamed', tags: ['x'], memoryBytes: 2e9 })).toBeNull();
    const drift = calibrationDrift(r, {
      ...r.device,
      runtime: { name: 'ort-node', version: '1.31.0' },
      sessionOptions: { ...r.device.sessionOptions, enableCpuMemArena: false },
      cpuModel: 'Cortex-A76',
      arch: 'arm64',
    });
    expect(drift).toBe(
      "the calibration of 'dev-c' was made on a different setup (runtime ort-node 1.30.0 → ort-node 1.31.0; " +
        'enableCpuMemArena true → false; cpu test (x64) → Cortex-A76 (arm64)): its predictions may be off until ' +
        '`memnas calibrate --device dev-c` runs again',
    );
  });

  it('names a change of the transparent-huge-page mode, but not a mode an old calibration never reported', () => {
    const r = record('dev-t', ['fixed']);
    const was = { ...r, device: { ...r.device, transparentHugePages: 'always' as const } };
    expect(calibrationDrift(was, { ...r.device, transparentHugePages: 'never' })).toContain(
      'transparent huge pages always → never',
    );
    expect(calibrationDrift(was, was.device)).toBeNull();
    expect(calibrationDrift(r, { ...r.device, transparentHugePages: 'never' })).toBeNull();
  });
});
