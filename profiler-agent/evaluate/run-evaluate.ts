// Runs one evaluation in a fresh child process (evaluate-entry), the parent side: model and blob
// go over IPC with structured-clone serialization (typed arrays, no JSON blow-up), with a
// wall-clock limit and the child's stderr summarised when it dies without answering.
import { DEFAULT_SESSION_OPTIONS } from '../defaults.ts';
import { type ChildResult, forkForReply } from '../measure/fork-child.ts';
import { loaderFlags, siblingModule } from '../module-path.ts';
import type { Evaluation, SessionOptions } from '../protocol.ts';
import type { BlobLayout } from './classify.ts';

export interface EvaluateRequest {
  readonly model: Uint8Array;
  readonly blob: Uint8Array;
  readonly layout: BlobLayout;
  readonly runtime: string;
  readonly sessionOptions: SessionOptions;
  readonly batch?: number;
}

export type EvaluateReply = ChildResult<{ readonly evaluation: Evaluation }>;

export interface EvaluateOptions {
  /** Registry name or 'auto' (default). */
  readonly runtime?: string;
  /** Default DEFAULT_SESSION_OPTIONS. */
  readonly sessionOptions?: SessionOptions;
  /** Default 10 minutes. */
  readonly timeoutMs?: number;
  readonly batch?: number;
  /** Aborting kills the evaluating child. */
  readonly signal?: AbortSignal;
}

/** Top-1 classes of every sample of `blob` by the model, computed in a child process. */
export function evaluateModel(
  model: Uint8Array,
  blob: Uint8Array,
  layout: BlobLayout,
  options: EvaluateOptions = {},
): Promise<Evaluation> {
  const entry = siblingModule('./evaluate-entry', import.meta.url);
  const timeoutMs = options.timeoutMs ?? 600_000;
  const request: EvaluateRequest = {
    model,
    blob,
    layout: { dtype: layout.dtype, dims: [...layout.dims], scale: layout.scale },
    runtime: options.runtime ?? 'auto',
    sessionOptions: options.sessionOptions ?? DEFAULT_SESSION_OPTIONS,
    ...(options.batch === undefined ? {} : { batch: options.batch }),
  };
  return forkForReply<{ readonly evaluation: Evaluation }>(
    {
      entry,
      execArgv: loaderFlags(),
      serialization: 'advanced',
      timeoutMs,
      name: 'evaluating process',
      timeoutMessage: `evaluation took longer than ${timeoutMs} ms; the process was stopped`,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    },
    request,
  ).then((r) => r.evaluation);
}

/** The Node agent's evaluate-job classifier (agent-loop's `evaluate`): the device's runtime and session options. */
export function nodeEvaluate(
  model: Uint8Array,
  blob: Uint8Array,
  input: BlobLayout,
  device: { readonly runtime: { readonly name: string }; readonly sessionOptions: SessionOptions },
  signal?: AbortSignal,
): Promise<Evaluation> {
  return evaluateModel(model, blob, input, {
    runtime: device.runtime.name,
    sessionOptions: device.sessionOptions,
    ...(signal === undefined ? {} : { signal }),
  });
}
