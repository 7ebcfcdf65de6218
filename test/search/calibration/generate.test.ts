import { describe, expect, it } from 'vitest';
import { calibrationSet, FAMILIES, MAX_CALIBRATION_MODELS } from '../../../search/calibration/generate.ts';
import { parseArchitecture } from '../../../search/architecture/parse.ts';
import { ALL_OPERATIONS } from '../../../search/space/operations.ts';
import type { Genotype } from '../../../search/space/genotype.ts';

describe('calibration set', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = JSON.stringify(calibrationSet(12, 5));
    expect(JSON.stringify(calibrationSet(12, 5))).toBe(a);
    expect(JSON.stringify(calibrationSet(12, 6))).not.toBe(a);
  });

  it('spans every family, every cell operation, several input sizes, lean and naive exports', () => {
    const set = calibrationSet(MAX_CALIBRATION_MODELS, 1);
    expect(set).toHaveLength(MAX_CALIBRATION_MODELS);
    expect(new Set(set.map((m) => m.family))).toEqual(new Set(FAMILIES));
    for (const m of set) parseArchitecture(JSON.parse(JSON.stringify(m.arch)));
    const ops = new Set(
      set.flatMap((m) =>
        ((m.arch.genotype as Genotype | undefined)?.blocks ?? []).flatMap((b) =>
          b.cells.flatMap((c) => c.ops),
        ),
      ),
    );
    for (const op of ALL_OPERATIONS) expect(ops, op).toContain(op);
    expect(new Set(set.map((m) => m.arch.input.shape.join('x'))).size).toBeGreaterThanOrEqual(4);
    expect(set.some((m) => !m.lean)).toBe(true);
    // Heads with and without a dense layer (SqueezeNet's convolutional classifier has none).
    const dense = (m: (typeof set)[number]) => m.arch.nodes.some((n) => n.op === 'dense');
    expect(set.some(dense)).toBe(true);
    expect(set.some((m) => !dense(m))).toBe(true);
    // Lean and naive exports spread over the families (not one family always naive).
    for (const family of FAMILIES) {
      const members = set.filter((m) => m.family === family);
      expect(
        members.some((m) => m.lean),
        family,
      ).toBe(true);
      expect(
        members.some((m) => !m.lean),
        family,
      ).toBe(true);
    }
    const nodeOps = new Set(set.flatMap((m) => m.arch.nodes.map((n) => n.op)));
    for (const op of ['concat', 'add', 'depthwiseConv', 'maxPool', 'avgPool', 'dense'])
      expect(nodeOps).toContain(op);
  });
});
