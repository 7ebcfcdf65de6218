// The kernel's transparent-huge-page mode, part of what a peak means: under `always` a mapping
// of 2 MB or more that the runtime writes may be backed by one huge page, so the same model's
// resident peak can differ by a huge page between processes (measured on Debian's arm64 kernel,
// docs/benchmarks.md "What moves the guest's peak"). Raspberry Pi OS's kernel has no THP.
import { readFileSync } from 'node:fs';
import { HUGE_PAGE_MODES } from '../protocol/device.ts';

export type HugePageMode = (typeof HUGE_PAGE_MODES)[number];

export const THP_ENABLED_PATH = '/sys/kernel/mm/transparent_hugepage/enabled';

/** The bracketed mode of the sysfs file ("always [madvise] never" → madvise); null if none. */
export function parseHugePageMode(text: string): HugePageMode | null {
  const m = /\[(\w+)\]/.exec(text);
  const mode = m?.[1];
  return HUGE_PAGE_MODES.find((x) => x === mode) ?? null;
}

/** This machine's mode; null where the kernel has no THP or the file cannot be read (not Linux). */
export function hugePageMode(path = THP_ENABLED_PATH): HugePageMode | null {
  try {
    return parseHugePageMode(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}
