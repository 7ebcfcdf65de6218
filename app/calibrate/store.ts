// The calibration store on the host: one JSON file per device, `$MEMNAS_HOME/calibrations/
// <device>.json` (MEMNAS_HOME defaults to ~/.memnas), written atomically so a crash never leaves
// half a calibration. A record holds the device's identity (the fit is valid only for that
// device, runtime version and session options), the fit with its points, and the held-out report.
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { DeviceDescription } from '../../profiler-agent/protocol.ts';
import { formatEnv } from '../../profiler-agent/report.ts';
import { type Feature, LOAD_FEATURES, MEMORY_FEATURES } from '../../search/calibration/features.ts';
import {
  CALIBRATION_VERSION,
  type CalibrationFit,
  type LinearModel,
} from '../../search/calibration/model.ts';
import type { HeldOutReport } from '../../search/calibration/held-out.ts';
import { knownLatencyModel } from '../../search/calibration/latency-fit.ts';
import type { PeakBand } from '../../search/calibration/peak-band.ts';
import { MemnasError } from '../../search/errors.ts';
import { writeFileAtomic } from '../write-atomic.ts';

/**
 * Whether a stored model names only features this version computes (a record from before a
 * feature set changed would otherwise silently predict without the terms it was fitted with).
 */
const knownFeatures = (model: LinearModel, features: readonly Feature[]): boolean =>
  Array.isArray(model.features) && model.features.every((n) => features.some((f) => f.name === n));

export interface CalibrationRecord {
  readonly version: typeof CALIBRATION_VERSION;
  /** The name it was calibrated under ('local' or the coordinator's device name). */
  readonly deviceName: string;
  readonly device: DeviceDescription;
  /** How the calibration models were profiled (batches empty: chosen per model, as in a browser). */
  readonly profile: { readonly batches: readonly number[]; readonly runs: number; readonly warmup: number };
  readonly models: number;
  readonly seed: number;
  readonly heldOut: HeldOutReport;
  /**
   * Where measured peaks fall around the predictions (peak-band.ts), from the calibration's
   * cross-validation; null when the set is too small for one, absent in records written before it
   * existed. Kept as calibrated when searches refine the fit.
   */
  readonly band?: PeakBand | null;
  readonly fit: CalibrationFit;
  readonly createdAt: string;
  /** Last time a measurement refined the fit. */
  readonly updatedAt: string;
}

export function memnasHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.MEMNAS_HOME !== undefined && env.MEMNAS_HOME !== ''
    ? env.MEMNAS_HOME
    : join(homedir(), '.memnas');
}

/** A file name for a device name: anything but letters, digits, '.', '_' and '-' becomes '_'. */
export function calibrationPath(deviceName: string, env: NodeJS.ProcessEnv = process.env): string {
  const safe = deviceName.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return join(memnasHome(env), 'calibrations', `${safe}.json`);
}

export function saveCalibration(record: CalibrationRecord, env: NodeJS.ProcessEnv = process.env): string {
  const path = calibrationPath(record.deviceName, env);
  const dir = join(memnasHome(env), 'calibrations');
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new MemnasError('FILE_UNWRITABLE', `cannot create ${dir}: ${code}`, { cause: e });
  }
  writeFileAtomic(path, `${JSON.stringify(record)}\n`);
  return path;
}

/**
 * Records of this version hold a memory fit that still holds (same measurement protocol) and a
 * latency fit over per-op-class terms that version 3 replaced by fused-kernel classes.
 */
const LATENCY_UNFITTED_VERSION = 2;

/**
 * A version-2 record read as version 3 without a latency part: its memory predictions stand, the
 * search predicts latency from its measurements (a line) and `estimate` says 'not calibrated'
 * until `memnas calibrate` runs again. Its points keep their figures; having no fused-kernel
 * table, they never enter a latency fit.
 */
function withoutLatency(record: CalibrationRecord): CalibrationRecord {
  return {
    ...record,
    version: CALIBRATION_VERSION,
    fit: { ...record.fit, version: CALIBRATION_VERSION, latency: null },
  };
}

/**
 * The device's stored calibration, or null when it has none. A version-2 record loads without its
 * latency part (withoutLatency); other versions are refused with a request to calibrate again.
 */
export function loadCalibration(
  deviceName: string,
  env: NodeJS.ProcessEnv = process.env,
): CalibrationRecord | null {
  const path = calibrationPath(deviceName, env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new MemnasError('FILE_UNREADABLE', `cannot read ${path}: ${String(e)}`, { cause: e });
  }
  let record: CalibrationRecord;
  try {
    record = JSON.parse(text) as CalibrationRecord;
  } catch (e) {
    throw new MemnasError(
      'FILE_UNREADABLE',
      `${path} is not valid JSON; run \`memnas calibrate --device ${deviceName}\` again`,
      { cause: e },
    );
  }
  const version: unknown = record.version;
  const readable = version === CALIBRATION_VERSION || version === LATENCY_UNFITTED_VERSION;
  if (
    !readable ||
    typeof record.fit?.memory !== 'object' ||
    !knownFeatures(record.fit.memory, MEMORY_FEATURES) ||
    (record.fit.load != null && !knownFeatures(record.fit.load, LOAD_FEATURES)) ||
    (version === CALIBRATION_VERSION &&
      record.fit.latency !== null &&
      !knownLatencyModel(record.fit.latency)) ||
    (record.fit.runtimeLatency != null && !knownLatencyModel(record.fit.runtimeLatency))
  ) {
    throw new MemnasError(
      'FILE_UNREADABLE',
      `${path} holds a calibration of another format or measurement protocol (version ${String(record.version)}, this memnas reads ${LATENCY_UNFITTED_VERSION} and ${CALIBRATION_VERSION}); run \`memnas calibrate --device ${deviceName}\` again`,
    );
  }
  return record.version === CALIBRATION_VERSION ? record : withoutLatency(record);
}

/**
 * What changed between the device a calibration was fitted on and the device as it reports itself
 * now — runtime, its version, the session options, the CPU or architecture, the measuring
 * processes' environment, the kernel's transparent-huge-page mode — as one line for a warning;
 * null when nothing that moves memory changed. A new onnxruntime, arena or allocator setting can
 * shift every peak, so an old fit would predict with confidence it no longer deserves.
 */
export function calibrationDrift(record: CalibrationRecord, now: DeviceDescription): string | null {
  const was = record.device;
  const changes: string[] = [];
  if (was.runtime.name !== now.runtime.name || was.runtime.version !== now.runtime.version)
    changes.push(
      `runtime ${was.runtime.name} ${was.runtime.version} → ${now.runtime.name} ${now.runtime.version}`,
    );
  const options = Object.keys({
    ...was.sessionOptions,
    ...now.sessionOptions,
  }) as (keyof typeof now.sessionOptions)[];
  for (const k of options.sort())
    if (was.sessionOptions[k] !== now.sessionOptions[k])
      changes.push(`${k} ${String(was.sessionOptions[k])} → ${String(now.sessionOptions[k])}`);
  if (was.arch !== now.arch || was.cpuModel !== now.cpuModel)
    changes.push(`cpu ${was.cpuModel} (${was.arch}) → ${now.cpuModel} (${now.arch})`);
  if (formatEnv(was.measuringEnv) !== formatEnv(now.measuringEnv))
    changes.push(`measuring environment ${formatEnv(was.measuringEnv)} → ${formatEnv(now.measuringEnv)}`);
  const [thpWas, thpNow] = [was.transparentHugePages, now.transparentHugePages];
  // A calibration from before the mode was reported says nothing about it: no warning then.
  if (thpWas !== undefined && thpNow !== undefined && thpWas !== thpNow)
    changes.push(`transparent huge pages ${thpWas} → ${thpNow}`);
  if (changes.length === 0) return null;
  return `the calibration of '${record.deviceName}' was made on a different setup (${changes.join('; ')}): its predictions may be off until \`memnas calibrate --device ${record.deviceName}\` runs again`;
}

/** The stored calibration, or a clear error telling the user how to make one. */
export function requireCalibration(
  deviceName: string,
  env: NodeJS.ProcessEnv = process.env,
): CalibrationRecord {
  const record = loadCalibration(deviceName, env);
  if (record === null) {
    throw new MemnasError(
      'CALIBRATION_MISSING',
      `device '${deviceName}' has no calibration (looked for ${calibrationPath(deviceName, env)}); run \`memnas calibrate --device ${deviceName}\` first`,
    );
  }
  return record;
}
