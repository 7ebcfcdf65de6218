import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMemoryProbe, statusField } from '../../../profiler-agent/measure/memory-probe.ts';

const MB = 1024 * 1024;

/**
 * Allocates and touches 32 MB blocks until the process's resident size is 30 MB above `from`
 * (at most 8): a worker that earlier freed memory the C heap kept resident hands it back first,
 * and a single block would then not raise the resident size at all. Returns the blocks, alive.
 */
function grow(from: number, sample: () => void = () => {}): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  while (process.memoryUsage().rss - from <= 30 * MB && blocks.length < 8) {
    blocks.push(new Uint8Array(32 * MB).fill(blocks.length + 1));
    sample();
  }
  return blocks;
}

const STATUS = `Name:\tnode\nVmPeak:\t 1000 kB\nVmHWM:\t   39940 kB\nVmRSS:\t   1234 kB\nRssAnon:\t    900 kB\nRssFile:\t    334 kB\nThreads:\t7\n`;

describe('memory probe', () => {
  it('reads VmHWM and VmRSS in bytes', () => {
    expect(statusField(STATUS, 'VmHWM')).toBe(39940 * 1024);
    expect(statusField(STATUS, 'VmRSS')).toBe(1234 * 1024);
    expect(statusField(STATUS, 'RssFile')).toBe(334 * 1024);
    expect(() => statusField('Name: x\n', 'VmHWM')).toThrow(/VmHWM/);
  });

  it.runIf(existsSync('/proc/self/status'))(
    'on Linux measures a rise above the baseline with the kernel high-water mark',
    () => {
      const probe = createMemoryProbe();
      const baseline = probe.markBaseline();
      expect(['vmhwm-reset', 'vmhwm']).toContain(probe.method);
      const blocks = grow(baseline);
      expect(probe.peak() - baseline).toBeGreaterThan(30 * MB);
      expect(blocks[0]![32 * MB - 1]).toBe(1);
      // Node's own code is mapped from its executable: some of it is always resident.
      expect(probe.residentFileBytes()).toBeGreaterThan(MB);
      expect(probe.residentFileBytes()!).toBeLessThan(process.memoryUsage().rss);
    },
  );

  it('falls back to rss sampling and sees sampled growth', () => {
    const probe = createMemoryProbe('rss-sampling');
    const baseline = probe.markBaseline();
    expect(probe.method).toBe('rss-sampling');
    expect(probe.residentFileBytes()).toBeNull();
    const blocks = grow(baseline, () => probe.sample());
    expect(probe.peak() - baseline).toBeGreaterThan(30 * MB);
    expect(blocks[0]![0]).toBe(1);
  });
});
