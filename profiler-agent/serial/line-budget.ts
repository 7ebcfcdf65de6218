// Whether a job fits through a serial line: a job's model (and an evaluate job's input blob) go
// inline as base64, one message, stop-and-wait frames at the line's speed. An evaluate job of a
// whole test split is megabytes — 10 000 Fashion-MNIST images are 7.8 MB, 10.5 MB as base64,
// about 15 minutes at 115200 baud — so the bridge refuses a job the line cannot carry in
// reasonable time with one line naming the size and the speed, instead of streaming it for a
// quarter of an hour or failing without a word after every lease.

/** Longest a job message may take to cross the line: 5 minutes. */
export const MAX_INLINE_SECONDS = 300;

export interface LineBudget {
  /** The line's speed as configured (`--baud`); a USB gadget's nominal rate says nothing, so set it to the real one. */
  readonly baudRate: number;
  /** The link's longest message. */
  readonly maxMessageBytes: number;
  /** Default MAX_INLINE_SECONDS. */
  readonly maxSeconds?: number;
}

/** Seconds to send `bytes` at `baudRate`, 10 bits a byte (8N1), framing and acknowledgements excluded. */
export function lineSeconds(bytes: number, baudRate: number): number {
  return (bytes * 10) / baudRate;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function duration(seconds: number): string {
  return seconds < 120 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
}

/**
 * Why a job message of `messageBytes` cannot go over the line, in one line, or null when it can.
 * `inputBytes` is the evaluate job's blob (before base64), when there is one.
 */
export function inlineJobProblem(
  messageBytes: number,
  inputBytes: number | undefined,
  budget: LineBudget,
): string | null {
  const what =
    inputBytes === undefined
      ? `the job's message (its model inline) is ${megabytes(messageBytes)}`
      : `the evaluate job's inputs are ${megabytes(inputBytes)}, ${megabytes(messageBytes)} as the inline message`;
  const advice =
    inputBytes === undefined
      ? 'use an agent over HTTP (memnas agent --coordinator)'
      : 'evaluate on an agent over HTTP (memnas agent --coordinator, or the browser agent page) or on fewer images';
  if (messageBytes > budget.maxMessageBytes)
    return `${what}, over the serial link's limit of ${megabytes(budget.maxMessageBytes)}; ${advice}`;
  const seconds = lineSeconds(messageBytes, budget.baudRate);
  const limit = budget.maxSeconds ?? MAX_INLINE_SECONDS;
  if (seconds > limit)
    return (
      `${what}: about ${duration(seconds)} over the serial line at ${budget.baudRate} baud (the limit is ${duration(limit)}); ` +
      `${advice}, or serve the line with its real speed (--baud) if it is faster`
    );
  return null;
}
