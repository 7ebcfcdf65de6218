// One request to a fresh child process and its one reply, the parent side shared by the measuring
// (run-child.ts) and the evaluating (evaluate/run-evaluate.ts) processes: stderr kept for the
// post-mortem, a wall-clock limit that kills the child, and every way it can end turned into
// either the reply or one AgentError. The child runs in an empty temporary working directory of
// its own, removed when it ends: nothing a model names relative to the working directory exists.
import { fork } from 'node:child_process';
import { AgentError, oneLine } from '../errors.ts';
import { makeTempDir, removeTempDir } from './temp-dirs.ts';
import type { ErrorInfo } from '../protocol.ts';

export type ChildResult<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly error: ErrorInfo };

export interface ChildSpec {
  readonly entry: string;
  readonly execArgv: readonly string[];
  /** Added to the parent's environment, or the child's whole environment with `replaceEnv`. */
  readonly env?: Readonly<Record<string, string>>;
  /** The child gets `env` alone, not on top of the parent's (to leave a variable unset). */
  readonly replaceEnv?: boolean;
  /** 'advanced' carries typed arrays without a JSON blow-up. */
  readonly serialization: 'json' | 'advanced';
  readonly timeoutMs: number;
  /** The child in error messages: 'measuring process for batch 8'. */
  readonly name: string;
  /** The error when the limit is hit. */
  readonly timeoutMessage: string;
  /** Called with the child's pid as soon as it exists (e.g. to pin it to a CPU). */
  readonly onSpawn?: (pid: number) => void;
  /** Aborting kills the child (a cancelled job, a stopping agent). */
  readonly signal?: AbortSignal;
}

/** The most telling line of a dead child's stderr: the first mentioning an error, else the last. */
export function summarizeStderr(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const line = lines.find((l) => /error|abort|fatal|killed/i.test(l)) ?? lines.at(-1) ?? '';
  return oneLine(line, 200);
}

interface ChildEnd<T> {
  readonly timedOut: boolean;
  readonly reply: ChildResult<T> | undefined;
  readonly stderr: string;
}

/** What a child's exit means: its reply, or the one AgentError that says why there is none. */
function exitOutcome<T>(
  spec: ChildSpec,
  end: ChildEnd<T>,
  code: number | null,
  signal: NodeJS.Signals | null,
): ({ readonly ok: true } & T) | AgentError {
  const { reply } = end;
  if (end.timedOut) return new AgentError('TIMEOUT', spec.timeoutMessage);
  if (spec.signal?.aborted === true)
    return new AgentError(
      'MEASURE_FAILED',
      `the ${spec.name} was stopped (the job was cancelled or the agent is stopping)`,
    );
  if (reply?.ok === true) return reply;
  if (reply?.ok === false) return new AgentError(reply.error.code, reply.error.message);
  const how = signal === null ? `exit code ${code}` : `signal ${signal}`;
  const detail = summarizeStderr(end.stderr);
  return new AgentError(
    'MEASURE_FAILED',
    `the ${spec.name} died (${how}) before reporting${detail ? `: ${detail}` : ''}`,
  );
}

export function forkForReply<T>(spec: ChildSpec, request: unknown): Promise<{ readonly ok: true } & T> {
  return new Promise((resolve, reject) => {
    const cwd = makeTempDir('child');
    const child = fork(spec.entry, [], {
      cwd,
      execArgv: [...spec.execArgv],
      ...(spec.env === undefined
        ? {}
        : { env: spec.replaceEnv ? { ...spec.env } : { ...process.env, ...spec.env } }),
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: spec.serialization,
    });
    if (child.pid !== undefined) spec.onSpawn?.(child.pid);
    let stderr = '';
    let reply: ChildResult<T> | undefined;
    let timedOut = false;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-8192);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, spec.timeoutMs);
    const stop = (): void => {
      child.kill('SIGKILL');
    };
    spec.signal?.addEventListener('abort', stop, { once: true });
    child.on('message', (m: ChildResult<T>) => {
      reply = m;
    });
    const settle = (): void => {
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', stop);
      removeTempDir(cwd);
    };
    child.on('error', (cause) => {
      settle();
      reject(
        new AgentError('MEASURE_FAILED', `could not start the ${spec.name}: ${oneLine(String(cause))}`, {
          cause,
        }),
      );
    });
    child.on('exit', (code, signal) => {
      settle();
      const outcome = exitOutcome(spec, { timedOut, reply, stderr }, code, signal);
      if (outcome instanceof AgentError) reject(outcome);
      else resolve(outcome);
    });
    if (spec.signal?.aborted === true) stop();
    else child.send(request as object);
  });
}
