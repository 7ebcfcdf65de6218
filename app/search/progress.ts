// What a search run reports while it runs; the CLI draws it (cli/search/progress.ts).
import type { LoopEvent } from '../../search/loop/events.ts';

export interface Progress {
  event(e: LoopEvent): void;
  /** A line that must not be overwritten (phase changes, warnings). */
  note(line: string): void;
  /** Ends the redrawn line. */
  end(): void;
}
