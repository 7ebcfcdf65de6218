// A calibration's finished measurements, kept while it runs in `$MEMNAS_HOME/calibrations/
// <device>.partial.json`, so a killed or failed calibration resumes where it stopped instead of
// profiling every model again (on an emulated Pi a model costs minutes). It holds each model's
// measurements so far (a model is measured once per pass, passes.ts). Entries are valid only for
// the same device (its identity as described), seed and profile request, and for the same ONNX
// bytes; the file is removed once the record is stored.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DeviceDescription, ProfileResult } from '../../profiler-agent/protocol.ts';
import { writeFileAtomic } from '../write-atomic.ts';
import type { MeasurementStore } from './passes.ts';
import { calibrationPath } from './store.ts';
import type { ProfileRequest } from './target.ts';

interface PartialFile {
  /** 2: every measurement of a model (1 held one merged entry per model: not resumed). */
  readonly version: 2;
  /** Everything the entries depend on besides the model's bytes. */
  readonly key: string;
  readonly models: Record<string, { readonly onnxSha256: string; readonly measurements: ProfileResult[] }>;
}

/** `put` writes the file at once: a kill right after a measurement loses nothing. */
export interface CalibrationProgress extends MeasurementStore {
  /** How many measurements the file held when opened. */
  readonly resumable: number;
  /** Forgets the file (the record is stored). */
  finish(): void;
}

/** What a device's peaks and timings depend on; not its clock's resolution or tags. */
function identityOf(d: DeviceDescription): unknown {
  const { cpuModel, arch, os, runtime, sessionOptions, measuringEnv, emulated } = d;
  return {
    cpuModel,
    arch,
    os,
    runtime,
    sessionOptions,
    measuringEnv: measuringEnv ?? null,
    emulated: emulated === true,
  };
}

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

export function partialPath(deviceName: string, env: NodeJS.ProcessEnv = process.env): string {
  return calibrationPath(deviceName, env).replace(/\.json$/, '.partial.json');
}

function readPartial(path: string, key: string): PartialFile['models'] {
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as PartialFile;
    return file.version === 2 && file.key === key && typeof file.models === 'object'
      ? { ...file.models }
      : {};
  } catch {
    return {}; // absent, unreadable or from another format: start afresh
  }
}

/**
 * The progress file for a calibration of `deviceName` (described as `device`, when known up
 * front) with `seed` and `request`. Without a description entries are keyed on the name alone.
 */
export function openProgress(
  deviceName: string,
  device: DeviceDescription | undefined,
  seed: number,
  request: ProfileRequest,
  env: NodeJS.ProcessEnv = process.env,
): CalibrationProgress {
  const path = partialPath(deviceName, env);
  const key = sha256(JSON.stringify({ deviceName, device: device && identityOf(device), seed, request }));
  const models = readPartial(path, key);
  const write = (): void => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, JSON.stringify({ version: 2, key, models } satisfies PartialFile));
  };
  return {
    resumable: Object.values(models).reduce((n, m) => n + m.measurements.length, 0),
    get: (model, onnx) => {
      const entry = models[model];
      return entry !== undefined && entry.onnxSha256 === sha256(onnx) ? entry.measurements : undefined;
    },
    put: (model, onnx, measurements) => {
      models[model] = { onnxSha256: sha256(onnx), measurements: [...measurements] };
      write();
    },
    finish: () => rmSync(path, { force: true }),
  };
}
