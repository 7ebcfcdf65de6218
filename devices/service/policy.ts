// Which failures are worth another attempt, and how long an attempt may run. A model the runtime
// rejects fails the same way everywhere, so it fails the job at once; a crashed or stopped
// measurement might succeed on the next try or on another device.
import type { AgentErrorCode, JobSpec } from '../../profiler-agent/protocol.ts';
import { evaluateOf } from './evaluate-spec.ts';

const FINAL: ReadonlySet<AgentErrorCode> = new Set<AgentErrorCode>([
  'USAGE',
  'FILE_NOT_FOUND',
  'MODEL_INVALID',
  'MODEL_UNSUPPORTED',
  'MODEL_TOO_LARGE',
]);

/** True when an agent's error should send the job back to the queue (while attempts remain). */
export function isRetryable(code: AgentErrorCode): boolean {
  return !FINAL.has(code);
}

/** An attempt's wall-clock limit: the agent's own limit per batch size, plus slack. */
export function runLimitMs(spec: JobSpec, graceMs: number): number {
  // An evaluate job runs one more child process (the classification) under the same limit.
  const children = spec.batches.length + (evaluateOf(spec) === undefined ? 0 : 1);
  return spec.timeoutMs * children + graceMs;
}
