// A whole profile of one model in the browser: one fresh measuring frame per batch size, in the
// order given, then the ProfileResult. The browser agent's `Measure` for the pull loop.
import { DEFAULT_MAX_MODEL_BYTES } from '../defaults.ts';
import { AgentError } from '../errors.ts';
import type { BatchMeasurement, DeviceDescription, JobSpec, ProfileResult } from '../protocol.ts';
import { assembleBrowserResult } from './assemble.ts';
import { type BrowserMeasureOutcome, WARMUP_MIN_MS } from './measure-batch.ts';
import { type FrameSettings, measureInFrame } from './run-frame.ts';

export interface BrowserProfileSettings extends JobSpec {
  readonly frame: FrameSettings;
  readonly maxModelBytes?: number;
  /** Least warm-up time per batch size; default WARMUP_MIN_MS. */
  readonly warmupMinMs?: number;
  /** Called after each batch size, e.g. for the page's log. */
  readonly onBatch?: (m: BatchMeasurement) => void;
}

export async function profileInBrowser(
  bytes: Uint8Array,
  device: DeviceDescription,
  settings: BrowserProfileSettings,
): Promise<ProfileResult> {
  const limit = settings.maxModelBytes ?? DEFAULT_MAX_MODEL_BYTES;
  if (bytes.byteLength === 0) throw new AgentError('MODEL_INVALID', 'the model file is empty');
  if (bytes.byteLength > limit)
    throw new AgentError(
      'MODEL_TOO_LARGE',
      `the model is ${bytes.byteLength} bytes, over this agent's limit of ${limit} bytes`,
    );
  if (settings.batches.length === 0) throw new AgentError('USAGE', 'at least one batch size is needed');
  const outcomes: BrowserMeasureOutcome[] = [];
  for (const batch of settings.batches) {
    const outcome = await measureInFrame(
      {
        model: bytes,
        batch,
        runs: settings.runs,
        warmup: settings.warmup,
        warmupMinMs: settings.warmupMinMs ?? WARMUP_MIN_MS,
        sessionOptions: device.sessionOptions,
        timeoutMs: settings.timeoutMs,
      },
      settings.frame,
    );
    settings.onBatch?.(outcome.measurement);
    outcomes.push(outcome);
  }
  return assembleBrowserResult(bytes, device, settings, outcomes);
}
