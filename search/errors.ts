// Typed errors shared by every part of memnas. Each carries a stable code so the CLI can print
// one line and exit non-zero, and the coordinator can map it to an HTTP status in one place.
// MemnasError shares its base (CodedError, dependency-free) with the agent's errors.
import { CodedError } from '../profiler-agent/coded-error.ts';

/** Stable error codes. Add new ones here; never reuse a code for a different meaning. */
export type ErrorCode =
  | 'USAGE'
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  | 'FILE_UNWRITABLE'
  | 'ARCH_INVALID'
  | 'ARCH_UNKNOWN_OP'
  | 'ARCH_DANGLING_INPUT'
  | 'ARCH_CYCLE'
  | 'ARCH_SHAPE_MISMATCH'
  | 'WEIGHTS_INVALID'
  | 'ONNX_INVALID'
  | 'ONNX_UNSUPPORTED_OP'
  | 'ONNX_SHAPE'
  | 'ONNX_EXPORT'
  // A model whose tensors keep their data in other files (it could read files on a device).
  | 'ONNX_EXTERNAL_DATA'
  | 'DATASET_INVALID'
  | 'DATASET_NOT_FOUND'
  | 'BACKEND_UNAVAILABLE'
  | 'TRAINING_FAILED'
  | 'WORKER_FAILED'
  | 'RUNTIME_UNAVAILABLE'
  | 'VERIFY_FAILED'
  | 'MEMORY_GRAPH_INVALID'
  | 'MEMORY_ORDER_INVALID'
  // The device coordinator (devices/) and its client; devices/http-errors.ts maps them to HTTP.
  | 'AUTH_FAILED'
  | 'FORBIDDEN'
  | 'DEVICE_NAME_TAKEN'
  | 'UNAVAILABLE'
  | 'REQUEST_INVALID'
  | 'REQUEST_TOO_LARGE'
  | 'PROTOCOL_INVALID'
  | 'NOT_FOUND'
  | 'DEVICE_UNKNOWN'
  | 'JOB_UNKNOWN'
  | 'MODEL_UNKNOWN'
  | 'MODEL_TOO_LARGE'
  | 'ATTEMPT_SUPERSEDED'
  | 'JOB_FAILED'
  | 'JOB_TIMEOUT'
  | 'JOB_CANCELLED'
  | 'JOB_FINISHED'
  | 'COORDINATOR_UNREACHABLE'
  // Device calibration (search/calibration/, `memnas calibrate`).
  | 'CALIBRATION_MISSING'
  | 'DEVICE_OFFLINE'
  // The search loop (search/loop/).
  | 'BUDGET_UNREACHABLE'
  | 'SEARCH_FAILED'
  | 'RUN_INCOMPATIBLE'
  | 'INTERNAL';

/** Base of every error memnas raises on purpose. `message` is one line a user can act on. */
export class MemnasError extends CodedError<ErrorCode> {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'MemnasError';
  }
}

export function isMemnasError(e: unknown): e is MemnasError {
  return e instanceof MemnasError;
}
