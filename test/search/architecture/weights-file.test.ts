import { describe, expect, it } from 'vitest';
import { parseArchitecture } from '../../../search/architecture/parse.ts';
import { nodeFacts } from '../../../search/architecture/shapes.ts';
import { checkWeights, decodeWeights, encodeWeights } from '../../../search/architecture/weights-file.ts';
import type { ArchitectureWeights, NodeWeights } from '../../../search/architecture/weights.ts';
import { plainCnn } from '../../../examples/example-architectures.ts';

function seededWeights(): ArchitectureWeights {
  const arch = parseArchitecture(plainCnn());
  let k = 0;
  const out: Record<string, NodeWeights> = {};
  for (const f of nodeFacts(arch)) {
    const params: Record<string, { shape: number[]; data: Float32Array }> = {};
    for (const [name, shape] of Object.entries(f.paramShapes)) {
      const data = new Float32Array(shape.reduce((a, b) => a * b, 1)).map(() => Math.sin(k++) * 3.5);
      params[name] = { shape: [...shape], data };
    }
    if (Object.keys(params).length > 0) out[f.node.id] = params;
  }
  return out;
}

describe('weights file', () => {
  it('round-trips exactly and matches the architecture', () => {
    const w = seededWeights();
    const back = decodeWeights(encodeWeights(w));
    expect(back).toEqual(w);
    expect(() => checkWeights(parseArchitecture(plainCnn()), back)).not.toThrow();
  });

  it('rejects corrupt, truncated and mismatched weights', () => {
    const bytes = encodeWeights(seededWeights());
    expect(() => decodeWeights(bytes.subarray(0, bytes.length - 8), 'w.bin')).toThrow(
      /w.bin: truncated data/,
    );
    expect(() => decodeWeights(new TextEncoder().encode('hello world!!'), 'w.bin')).toThrow(
      /no 'MNWT' magic/,
    );
    const arch = parseArchitecture(plainCnn());
    const w = seededWeights();
    const first = Object.keys(w)[0]!;
    const { kernel: _dropped, ...rest } = w[first]!;
    expect(() => checkWeights(arch, { ...w, [first]: rest })).toThrow(
      new RegExp(`node '${first}' lacks 'kernel'`),
    );
    expect(() => checkWeights(arch, { ...w, ghost: {} })).toThrow(/node 'ghost' is not in the architecture/);
    const bad = {
      ...w,
      [first]: { ...w[first], kernel: { shape: [1, 1, 1, 1], data: new Float32Array(1) } },
    };
    expect(() => checkWeights(arch, bad)).toThrow(/has shape \[1, 1, 1, 1\], expected \[3, 3, 1, 16\]/);
  });
});
