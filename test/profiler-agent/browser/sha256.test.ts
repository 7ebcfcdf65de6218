import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../profiler-agent/browser/sha256.ts';

const node = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('sha256 (browser, synchronous)', () => {
  it('matches the FIPS 180-4 example and node:crypto at every padding boundary', () => {
    expect(sha256(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 131 + 7) & 0xff);
      expect(sha256(bytes), `length ${length}`).toBe(node(bytes));
    }
  });

  it('hashes a view into a larger buffer by its own bytes only', () => {
    const whole = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    const view = whole.subarray(17, 217);
    expect(sha256(view)).toBe(node(view));
  });
});
