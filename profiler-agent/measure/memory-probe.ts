// Reads the process's resident memory: the high-water mark VmHWM from /proc/self/status on
// Linux (reset to the current size through /proc/self/clear_refs where the kernel allows, so
// nothing before the baseline can hide a later peak), else process.memoryUsage().rss sampled
// by the caller between steps (macOS and other systems without /proc).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { MemoryMethod } from '../protocol.ts';

export interface MemoryProbe {
  /** Fixed once markBaseline has run. */
  readonly method: MemoryMethod;
  /** Takes the baseline (resetting the high-water mark if possible); returns it in bytes. */
  markBaseline(): number;
  /** Records the current resident size; only rss-sampling needs it, the others read a kernel peak. */
  sample(): void;
  /** Highest resident bytes seen since the baseline or the last restartPeak (absolute, not a rise). */
  peak(): number;
  /** Starts a new high-water mark from the current size (where the system allows; else a no-op). */
  restartPeak(): void;
  /** Resident bytes mapped from files (code, read-only data) now; null where the system does not say. */
  residentFileBytes(): number | null;
}

const STATUS = '/proc/self/status';

type StatusField = 'VmHWM' | 'VmRSS' | 'RssFile';

/** A `Vm…:  1234 kB` field of /proc/self/status in bytes. */
export function statusField(text: string, field: StatusField): number {
  const m = new RegExp(`^${field}:\\s*(\\d+)\\s*kB`, 'm').exec(text);
  if (!m) throw new Error(`${STATUS} has no ${field} line`);
  return Number(m[1]) * 1024;
}

function readStatus(field: StatusField): number {
  return statusField(readFileSync(STATUS, 'utf8'), field);
}

/** "5" resets the peak RSS to the current RSS (Linux ≥ 4.0, proc(5)); false where refused. */
function resetHighWaterMark(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

class ProcStatusProbe implements MemoryProbe {
  method: MemoryMethod = 'vmhwm';

  markBaseline(): number {
    this.method = resetHighWaterMark() ? 'vmhwm-reset' : 'vmhwm';
    return readStatus('VmHWM');
  }

  sample(): void {}

  peak(): number {
    return readStatus('VmHWM');
  }

  restartPeak(): void {
    if (this.method === 'vmhwm-reset') resetHighWaterMark();
  }

  residentFileBytes(): number | null {
    // RssFile exists since Linux 4.5; older kernels only give the total.
    try {
      return readStatus('RssFile');
    } catch {
      return null;
    }
  }
}

class RssSamplingProbe implements MemoryProbe {
  readonly method: MemoryMethod = 'rss-sampling';
  #max = 0;

  markBaseline(): number {
    this.#max = process.memoryUsage().rss;
    return this.#max;
  }

  sample(): void {
    this.#max = Math.max(this.#max, process.memoryUsage().rss);
  }

  peak(): number {
    this.sample();
    return this.#max;
  }

  restartPeak(): void {
    this.#max = process.memoryUsage().rss;
  }

  residentFileBytes(): null {
    return null;
  }
}

/** The best probe this system offers; `force` picks the fallback (to test it on Linux). */
export function createMemoryProbe(force?: 'rss-sampling'): MemoryProbe {
  if (force === undefined && existsSync(STATUS)) {
    try {
      readStatus('VmHWM');
      return new ProcStatusProbe();
    } catch {
      // /proc without VmHWM (some container sandboxes): fall through to sampling.
    }
  }
  return new RssSamplingProbe();
}
