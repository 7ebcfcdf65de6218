// Weight inheritance on the search side (pure): which nodes start fresh, and how the rows of a
// layer reading a widened, narrowed or new concatenation follow their channels.
import { describe, expect, it } from 'vitest';
import { randomWeights } from '../../../search/architecture/random-weights.ts';
import { buildArchitecture, type SpaceInput } from '../../../search/space/build.ts';
import { channelLabels } from '../../../search/space/channel-labels.ts';
import { growCandidates, seedCandidates, trimCandidates } from '../../../search/space/grow-trim.ts';
import { inheritWeights, isFreshNode } from '../../../search/space/inherit.ts';
import { remapAxis } from '../../../search/space/remap-axis.ts';

const space: SpaceInput = { shape: [12, 12, 1], classes: 3 };
const seed = seedCandidates(4, 4, 2)[0]!;

describe('isFreshNode', () => {
  it('marks the grown cell in every block, the trimmed branch only, nothing for an edge trim', () => {
    const grow = growCandidates(seed.genotype)[0]!.mutation;
    expect(isFreshNode('b3c2o1_conv', grow, 1)).toBe(true);
    expect(isFreshNode('b3c1o1_conv', grow, 1)).toBe(false);
    expect(isFreshNode('classifier', grow, 1)).toBe(false);
    const trim = { kind: 'trim-op', block: 1, cell: 0, branch: 1 } as const;
    expect(isFreshNode('b2c1o2_conv', trim, 1)).toBe(true);
    expect(isFreshNode('b2c1o1_conv', trim, 1)).toBe(false);
    expect(isFreshNode('b1c1o2_conv', trim, 1)).toBe(false);
    expect(isFreshNode('b2c1o2_bn', { kind: 'trim-edge', block: 1, cell: 0 }, 2)).toBe(false);
  });
});

describe('channelLabels', () => {
  it("a concatenation lists its inputs' channels; channel-wise ops keep them", () => {
    const g = growCandidates(seed.genotype)[0]!.genotype;
    const arch = buildArchitecture(g, space);
    const labels = channelLabels(arch);
    expect(labels.get('b1_out')).toEqual([...labels.get('b1c1_add')!, ...labels.get('b1c2_add')!]);
    const gap = arch.nodes.find((n) => n.op === 'globalPool')!;
    expect(labels.get(gap.id)).toEqual(labels.get('b5_out'));
  });
});

describe('inheritWeights', () => {
  const parent = buildArchitecture(seed.genotype, space, 'p');
  const weights = randomWeights(parent, 3);

  it('a grow keeps the classifier rows of the old channels and zeroes the new ones; fresh nodes are absent', () => {
    const g = growCandidates(seed.genotype)[0]!;
    const child = buildArchitecture(g.genotype, space, 'c');
    const w = inheritWeights({ architecture: parent, weights }, child, g.mutation, 1);
    const old = weights['classifier']!.kernel!;
    const now = w['classifier']!.kernel!;
    expect(now.shape).toEqual([2 * old.shape[0]!, 3]);
    expect(Array.from(now.data.subarray(0, old.data.length))).toEqual(Array.from(old.data));
    expect(now.data.subarray(old.data.length).every((v) => v === 0)).toBe(true);
    expect(Object.keys(w).some((id) => id.startsWith('b1c2o'))).toBe(false);
    expect(w['stem_bn']).toEqual(weights['stem_bn']);
  });

  it('an edge trim drops the rows of the removed cell and keeps the others, in order', () => {
    const two = growCandidates(seed.genotype).find(
      (c) => c.mutation.kind === 'grow' && c.mutation.cell.inputs.includes(1),
    )!.genotype;
    const pArch = buildArchitecture(two, space, 'p2');
    const pW = randomWeights(pArch, 4);
    const t = trimCandidates(two).find((c) => c.mutation.kind === 'trim-edge' && c.mutation.block === 4)!;
    const child = buildArchitecture(t.genotype, space, 'c2');
    const w = inheritWeights({ architecture: pArch, weights: pW }, child, t.mutation, 2);
    const old = pW['classifier']!.kernel!;
    const half = old.data.length / 2;
    expect(Array.from(w['classifier']!.kernel!.data)).toEqual(Array.from(old.data.subarray(half)));
  });

  it('a seed inherits nothing', () => {
    expect(inheritWeights({ architecture: parent, weights }, parent, seed.mutation, 1)).toEqual({});
  });
});

describe('remapAxis', () => {
  it('moves slices along one axis and fills the unmapped ones', () => {
    const src = { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) };
    const out = remapAxis(src, [2, 2], 1, [2, -1], () => 9)!;
    expect(Array.from(out.data)).toEqual([3, 9, 6, 9]);
    expect(remapAxis(src, [3, 3], 1, [0, 1, 2], () => 0)).toBeNull();
  });
});
