// The one base of every error memnas raises on purpose: a stable `code` beside a one-line
// message, and the cause chained. It lives in the agent package because the agent ships and
// builds alone (its tsconfig sees only profiler-agent/); search/errors.ts's MemnasError extends
// it from there, so the CLI and the coordinator's HTTP table handle every coded error alike.

/** Base of every coded error. `message` is one line a user can act on; `code` never changes meaning. */
export class CodedError<Code extends string = string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CodedError';
    this.code = code;
  }
}

export function isCodedError(e: unknown): e is CodedError {
  return e instanceof CodedError;
}
