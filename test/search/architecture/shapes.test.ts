import { describe, expect, it } from 'vitest';
import { ArchitectureBuilder } from '../../../search/architecture/builder.ts';
import { parseArchitecture } from '../../../search/architecture/parse.ts';
import { nodeFacts, parameterCount } from '../../../search/architecture/shapes.ts';
import { samePadding, windowOutput } from '../../../search/architecture/ops/spatial.ts';

describe('shape rules', () => {
  it("follows TensorFlow's 'same' and 'valid' arithmetic", () => {
    expect(windowOutput(28, 3, 2, 1, 'same')).toBe(14);
    expect(windowOutput(7, 3, 2, 1, 'same')).toBe(4);
    expect(windowOutput(7, 3, 2, 1, 'valid')).toBe(3);
    expect(windowOutput(7, 3, 1, 2, 'valid')).toBe(3);
    expect(windowOutput(4, 5, 1, 1, 'valid')).toBe(0);
    expect(samePadding(7, 3, 2, 1)).toEqual([1, 1]);
    expect(samePadding(8, 3, 2, 1)).toEqual([0, 1]);
    expect(samePadding(8, 3, 1, 2)).toEqual([2, 2]);
  });

  it('counts parameters and shapes of every op by hand', () => {
    const b = new ArchitectureBuilder('t', [9, 9, 2], 3);
    const c = b.conv(b.input, 4, [1, 7], { useBias: true }); // 1·7·2·4 + 4 = 60 → [9, 9, 4]
    const d = b.depthwise(c, 5, { strides: 2 }); // 5·5·4 = 100 → [5, 5, 4]
    const n = b.batchNorm(d); // 16 → [5, 5, 4]
    const p = b.pool(n, 'avg', 3, 1); // → [5, 5, 4]
    const m = b.pool(n, 'max', 3, 2, 'valid'); // → [2, 2, 4]
    const x = b.conv(p, 4, 3, { strides: 2, dilations: 2, padding: 'valid' }); // 3·3·4·4 = 144 → [1, 1, 4]
    const cat = b.concat([b.pool(m, 'max', 2, 2), x]); // [1, 1, 8]
    const f = b.flatten(b.activation(cat, 'hardSwish')); // [8]
    const arch = parseArchitecture(b.build(b.dense(f, 3))); // 8·3 + 3 = 27
    const facts = new Map(nodeFacts(arch).map((fact) => [fact.node.id, fact]));
    expect(facts.get(c)!.outputShape).toEqual([9, 9, 4]);
    expect(facts.get(d)!.outputShape).toEqual([5, 5, 4]);
    expect(facts.get(m)!.outputShape).toEqual([2, 2, 4]);
    expect(facts.get(x)!.outputShape).toEqual([1, 1, 4]);
    expect(facts.get(cat)!.outputShape).toEqual([1, 1, 8]);
    expect(facts.get(f)!.outputShape).toEqual([8]);
    expect(parameterCount(arch)).toBe(60 + 100 + 16 + 144 + 27);
    expect(facts.get(c)!.macs).toBe(9 * 9 * 4 * 7 * 2);
  });
});
