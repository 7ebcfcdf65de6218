// How both agent commands (HTTP and serial) run their pull loop on a device: temporary folders a
// killed agent left behind go first, the first SIGINT/SIGTERM stops the loop cleanly (the job in
// hand is reported as interrupted), a second one exits at once, and our own folders go at the end.
import { removeAllTempDirs, sweepTempDirs } from '../measure/temp-dirs.ts';

export interface UntilSignalOptions {
  /** Stop-and-cleanup lines; the sweep line is left out when quiet. */
  readonly log: (line: string) => void;
  readonly quiet: boolean;
}

/** Runs `loop` with a signal the first SIGINT/SIGTERM aborts; resolves to the exit code (0). */
export async function runUntilSignal(
  options: UntilSignalOptions,
  loop: (signal: AbortSignal) => Promise<void>,
): Promise<number> {
  const { log, quiet } = options;
  // Folders a killed agent left behind (its pid is gone) go now; ours go when we stop.
  const swept = sweepTempDirs();
  if (swept > 0 && !quiet) log(`removed ${swept} temporary folder(s) a stopped agent left behind`);
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop.signal.aborted) {
      removeAllTempDirs();
      process.exit(130);
    }
    log(`${signal}: stopping (send it again to exit at once)`);
    stop.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    await loop(stop.signal);
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    removeAllTempDirs();
  }
  // A measurement interrupted by the stop may still hold a child process; do not wait for it.
  setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
  return 0;
}
