// Runs one evaluation in a fresh child process (evaluate-entry), the parent side: model and blob
// go over IPC with structured-clone serialization (typed arrays, no JSON blow-up), with a
// wall-clock limit and the child's stderr summarised when it dies without answering.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SESSION_OPTIONS } from '../defaults.ts';
import { AgentError } from '../errors.ts';
import { summarizeStderr, tsxLoader } from '../measure/run-child.ts';
import type { ErrorInfo, Evaluation, SessionOptions } from '../protocol.ts';
import type { BlobLayout } from './classify.ts';

const FROM_SOURCE = import.meta.url.endsWith('.ts');

export interface EvaluateRequest {
  readonly model: Uint8Array;
  readonly blob: Uint8Array;
  readonly layout: BlobLayout;
  readonly runtime: string;
  readonly sessionOptions: SessionOptions;
  readonly batch?: number;
}

export type EvaluateReply =
  { readonly ok: true; readonly evaluation: Evaluation } | { readonly ok: false; readonly error: ErrorInfo };

export interface EvaluateOptions {
  /** Registry name or 'auto' (default). */
  readonly runtime?: string;
  /** Default DEFAULT_SESSION_OPTIONS. */
  readonly sessionOptions?: SessionOptions;
  /** Default 10 minutes. */
  readonly timeoutMs?: number;
  readonly batch?: number;
}

/** Top-1 classes of every sample of `blob` by the model, computed in a child process. */
export function evaluateModel(
  model: Uint8Array,
  blob: Uint8Array,
  layout: BlobLayout,
  options: EvaluateOptions = {},
): Promise<Evaluation> {
  const entry = fileURLToPath(
    new URL(FROM_SOURCE ? './evaluate-entry.ts' : './evaluate-entry.js', import.meta.url),
  );
  const timeoutMs = options.timeoutMs ?? 600_000;
  const request: EvaluateRequest = {
    model,
    blob,
    layout: { dtype: layout.dtype, dims: [...layout.dims], scale: layout.scale },
    runtime: options.runtime ?? 'auto',
    sessionOptions: options.sessionOptions ?? DEFAULT_SESSION_OPTIONS,
    ...(options.batch === undefined ? {} : { batch: options.batch }),
  };
  return new Promise((resolve, reject) => {
    const child = fork(entry, [], {
      execArgv: FROM_SOURCE ? ['--import', tsxLoader()] : [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let stderr = '';
    let reply: EvaluateReply | undefined;
    let timedOut = false;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-8192);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (m: EvaluateReply) => {
      reply = m;
    });
    child.on('error', (cause) => {
      clearTimeout(timer);
      reject(new AgentError('MEASURE_FAILED', `could not start the evaluating process: ${String(cause)}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (timedOut)
        reject(
          new AgentError('TIMEOUT', `evaluation took longer than ${timeoutMs} ms; the process was stopped`),
        );
      else if (reply?.ok === true) resolve(reply.evaluation);
      else if (reply?.ok === false) reject(new AgentError(reply.error.code, reply.error.message));
      else {
        const how = signal === null ? `exit code ${code}` : `signal ${signal}`;
        const detail = summarizeStderr(stderr);
        reject(
          new AgentError(
            'MEASURE_FAILED',
            `the evaluating process died (${how}) before reporting${detail ? `: ${detail}` : ''}`,
          ),
        );
      }
    });
    child.send(request);
  });
}

/** The Node agent's evaluate-job classifier (agent-loop's `evaluate`): the device's runtime and session options. */
export function nodeEvaluate(
  model: Uint8Array,
  blob: Uint8Array,
  input: BlobLayout,
  device: { readonly runtime: { readonly name: string }; readonly sessionOptions: SessionOptions },
): Promise<Evaluation> {
  return evaluateModel(model, blob, input, {
    runtime: device.runtime.name,
    sessionOptions: device.sessionOptions,
  });
}
