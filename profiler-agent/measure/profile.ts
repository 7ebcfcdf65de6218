// A whole profile of one model on this machine: one fresh process per batch size, then the
// fixed + per-sample memory fit and the ProfileResult. The Node agent runs exactly this for a
// coordinator's job; `memnas profile --device local` runs it directly.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MAX_MODEL_BYTES } from '../defaults.ts';
import { AgentError } from '../errors.ts';
import { refuseExternalData } from '../model-check/check-model.ts';
import type {
  BatchMeasurement,
  DeviceDescription,
  JobSpec,
  MemoryMethod,
  ProfileResult,
} from '../protocol.ts';
import type { MeasureOutcome, MeasureRequest } from './measure-batch.ts';
import { assembleProfile } from './assemble-result.ts';
import { reportedEnvironment } from './measuring-environment.ts';
import { runMeasurement } from './run-child.ts';
import { makeTempDir, removeTempDir } from './temp-dirs.ts';

export interface ProfileSettings extends JobSpec {
  /** Registry name or 'auto' (default). */
  readonly runtime?: string;
  readonly maxModelBytes?: number;
  readonly forceRssSampling?: boolean;
  /** Called after each batch size, e.g. for progress lines. */
  readonly onBatch?: (m: BatchMeasurement) => void;
  /** Aborting kills the measuring child and stops (a cancelled job, a stopping agent). */
  readonly signal?: AbortSignal;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function checkSpec(spec: JobSpec): void {
  if (spec.batches.length === 0) throw new AgentError('USAGE', 'at least one batch size is needed');
  for (const b of spec.batches) {
    if (!Number.isInteger(b) || b < 1)
      throw new AgentError('USAGE', `batch sizes must be positive whole numbers, got ${b}`);
  }
  if (!Number.isInteger(spec.runs) || spec.runs < 1)
    throw new AgentError('USAGE', `runs must be a positive whole number, got ${spec.runs}`);
  if (!Number.isInteger(spec.warmup) || spec.warmup < 0)
    throw new AgentError('USAGE', `warm-up must be a whole number ≥ 0, got ${spec.warmup}`);
}

const METHOD_NOTES: Partial<Record<MemoryMethod, string>> = {
  vmhwm:
    'peak memory: VmHWM could not be reset (/proc/self/clear_refs refused), so the baseline is the high-water mark after paging the runtime in',
  'rss-sampling':
    'peak memory: process.memoryUsage().rss was sampled between runs instead of reading the kernel high-water mark (VmHWM in /proc/self/status), so a transient peak inside one run can be missed',
};

function assemble(
  bytes: Uint8Array,
  device: DeviceDescription,
  spec: JobSpec,
  outcomes: readonly MeasureOutcome[],
): ProfileResult {
  const batches = outcomes.map((o) => o.measurement);
  const first = outcomes[0]!;
  const notes: string[] = [];
  const methods = new Set(outcomes.map((o) => o.method));
  const method = methods.has('rss-sampling') ? 'rss-sampling' : methods.has('vmhwm') ? 'vmhwm' : first.method;
  const methodNote = METHOD_NOTES[method];
  if (methodNote !== undefined) notes.push(methodNote);

  const profile = assembleProfile({
    modelSha256: sha256(bytes),
    modelBytes: bytes.byteLength,
    device,
    spec,
    batches,
    runtime: first.runtime,
    method,
    notes,
    stepCause: "the runtime's arena grows in steps",
    negativeFixedCause: 'memory grows faster than linearly with the batch size here',
  });
  // What the children were forked with (run-child.ts), from the same constants.
  return { ...profile, measuringEnvironment: reportedEnvironment(spec.environment ?? 'protocol') };
}

/**
 * Profiles `bytes` on this machine as `device` (whose session options are used), one fresh
 * process per batch size, in the order given. Throws AgentError: MODEL_INVALID for a model the
 * runtime rejects, MODEL_TOO_LARGE, MODEL_UNSUPPORTED, TIMEOUT, MEASURE_FAILED.
 */
export async function profileModel(
  bytes: Uint8Array,
  device: DeviceDescription,
  settings: ProfileSettings,
): Promise<ProfileResult> {
  checkSpec(settings);
  const limit = settings.maxModelBytes ?? DEFAULT_MAX_MODEL_BYTES;
  if (bytes.byteLength === 0) throw new AgentError('MODEL_INVALID', 'the model file is empty');
  if (bytes.byteLength > limit) {
    throw new AgentError(
      'MODEL_TOO_LARGE',
      `the model is ${bytes.byteLength} bytes, over this agent's limit of ${limit} bytes`,
    );
  }
  refuseExternalData(bytes);
  // The child reads the model from a file: passing it over IPC would leave transient copies.
  const dir = makeTempDir('profile');
  try {
    const modelPath = join(dir, 'model.onnx');
    writeFileSync(modelPath, bytes);
    const outcomes: MeasureOutcome[] = [];
    for (const batch of settings.batches) {
      const req: MeasureRequest = {
        modelPath,
        batch,
        runs: settings.runs,
        warmup: settings.warmup,
        sessionOptions: device.sessionOptions,
        runtime: settings.runtime ?? 'auto',
        ...(settings.forceRssSampling ? { forceRssSampling: true } : {}),
      };
      const outcome = await runMeasurement(req, {
        timeoutMs: settings.timeoutMs,
        environment: settings.environment ?? 'protocol',
        ...(settings.signal === undefined ? {} : { signal: settings.signal }),
      });
      settings.onBatch?.(outcome.measurement);
      outcomes.push(outcome);
    }
    return assemble(bytes, device, settings, outcomes);
  } finally {
    removeTempDir(dir);
  }
}
