// How the serial link's handled problems read in a log, shared by the agent and the bridge.
import type { LinkEvent } from './link.ts';

/** One log line per line problem the link handled (garbage, a damaged frame, a resend). */
export function describeLinkEvent(e: LinkEvent): string | null {
  switch (e.kind) {
    case 'garbage':
      return `skipped ${e.bytes} byte(s) of garbage on the serial line`;
    case 'corrupt':
      return `a damaged frame arrived (${e.reason})${e.seq === undefined ? '' : '; asked for it again'}`;
    case 'resend':
      return `sent frame ${e.seq} again (attempt ${e.attempt}, after ${e.why === 'nak' ? 'the other end found it damaged' : 'no acknowledgement'})`;
    case 'dropped':
      return `dropped a message: ${e.reason}`;
    case 'duplicate':
      return null; // routine: an acknowledgement was lost and the frame came again
    case 'closed':
      return `serial line closed: ${e.reason}`;
  }
}

/**
 * A log that a flood cannot flood: at most one line per key per interval (default 1 s), the
 * next line shown then saying how many were held back. Keys keep kinds apart, so a stream of
 * garbage does not hide the one damaged frame.
 */
export class LogThrottle {
  private readonly last = new Map<string, { at: number; held: number }>();

  constructor(
    private readonly log: (line: string) => void,
    private readonly intervalMs = 1_000,
  ) {}

  line(key: string, text: string): void {
    const now = Date.now();
    const state = this.last.get(key);
    if (state !== undefined && now - state.at < this.intervalMs) {
      state.held++;
      return;
    }
    const held = state?.held ?? 0;
    this.last.set(key, { at: now, held: 0 });
    this.log(held > 0 ? `${text} (${held} similar line(s) not shown)` : text);
  }

  /** Logs a link event under its kind; routine ones (a repeated frame) are not logged. */
  event(e: LinkEvent, prefix = ''): void {
    const text = describeLinkEvent(e);
    if (text !== null) this.line(e.kind, `${prefix}${text}`);
  }
}
