// The agent's typed error. The agent ships alone, so it cannot use search/errors.ts; its codes
// are the protocol's (protocol.ts) so an error travels to the coordinator unchanged. Its base,
// CodedError, is the one MemnasError shares.
import { CodedError } from './coded-error.ts';
import type { AgentErrorCode, ErrorInfo } from './protocol.ts';

export class AgentError extends CodedError<AgentErrorCode> {
  constructor(code: AgentErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'AgentError';
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

export function isAgentError(e: unknown): e is AgentError {
  return e instanceof AgentError;
}

/** Any thrown value as protocol ErrorInfo: AgentErrors keep their code, anything else is INTERNAL. */
export function toErrorInfo(e: unknown): ErrorInfo {
  if (isAgentError(e)) return e.toInfo();
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message: oneLine(message) };
}

/** First line, trimmed, at most `max` characters: how child stderr and runtime errors are shown. */
export function oneLine(text: string, max = 240): string {
  const line =
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
