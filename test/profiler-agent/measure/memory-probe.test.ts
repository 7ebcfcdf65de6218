import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMemoryProbe, statusField } from '../../../profiler-agent/measure/memory-probe.ts';

const STATUS = `Name:\tnode\nVmPeak:\t 1000 kB\nVmHWM:\t   39940 kB\nVmRSS:\t   1234 kB\nThreads:\t7\n`;

describe('memory probe', () => {
  it('reads VmHWM and VmRSS in bytes', () => {
    expect(statusField(STATUS, 'VmHWM')).toBe(39940 * 1024);
    expect(statusField(STATUS, 'VmRSS')).toBe(1234 * 1024);
    expect(() => statusField('Name: x\n', 'VmHWM')).toThrow(/VmHWM/);
  });

  it.runIf(existsSync('/proc/self/status'))(
    'on Linux measures a rise above the baseline with the kernel high-water mark',
    () => {
      const probe = createMemoryProbe();
      const baseline = probe.markBaseline();
      expect(['vmhwm-reset', 'vmhwm']).toContain(probe.method);
      const block = new Uint8Array(32 * 1024 * 1024).fill(1);
      expect(probe.peak() - baseline).toBeGreaterThan(30 * 1024 * 1024);
      expect(block[block.length - 1]).toBe(1);
    },
  );

  it('falls back to rss sampling and sees sampled growth', () => {
    const probe = createMemoryProbe('rss-sampling');
    const baseline = probe.markBaseline();
    expect(probe.method).toBe('rss-sampling');
    const block = new Uint8Array(32 * 1024 * 1024).fill(2);
    probe.sample();
    expect(probe.peak() - baseline).toBeGreaterThan(30 * 1024 * 1024);
    expect(block[0]).toBe(2);
  });
});
