import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hugePageMode, parseHugePageMode } from '../../../profiler-agent/measure/huge-pages.ts';
import { deviceSchema } from '../../../profiler-agent/protocol/device.ts';

const dir = mkdtempSync(join(tmpdir(), 'memnas-thp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('transparent huge pages', () => {
  it('reads the bracketed mode of the sysfs file', () => {
    expect(parseHugePageMode('[always] madvise never\n')).toBe('always');
    expect(parseHugePageMode('always [madvise] never\n')).toBe('madvise');
    expect(parseHugePageMode('always madvise [never]\n')).toBe('never');
    expect(parseHugePageMode('always madvise never\n')).toBeNull();
    expect(parseHugePageMode('[sometimes]')).toBeNull();
  });

  it('reads a file, and is null where there is none (a kernel without THP)', () => {
    const file = join(dir, 'enabled');
    writeFileSync(file, 'always madvise [never]\n');
    expect(hugePageMode(file)).toBe('never');
    expect(hugePageMode(join(dir, 'missing'))).toBeNull();
  });

  it('is a field of the device description the coordinator accepts, and only a known mode', () => {
    const shape = deviceSchema.def.shape.transparentHugePages;
    expect(shape.safeParse('madvise').success).toBe(true);
    expect(shape.safeParse('sometimes').success).toBe(false);
  });
});
