// The tfjs controller end to end: it learns a hidden structure→metric rule well enough to rank
// held-out siblings, each score depends on its siblings, it is deterministic under a seed, and
// it frees every tensor.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Controller, ControllerExample } from '../../../search/controller/contract.ts';
import { kendallTau } from '../../../search/controller/ranking-quality.ts';
import { createRng } from '../../../search/random.ts';
import type { Genotype } from '../../../search/space/genotype.ts';
import { childCandidates } from '../../../search/space/grow-trim.ts';
import { randomGenotype } from '../../../search/space/random.ts';
import { getTf, initBackend } from '../../../trainer/backend/index.ts';
import { createTfController } from '../../../trainer/controller/tf-controller.ts';

const tf = getTf();

/** The hidden rule: count of sepConv3x3 minus count of maxPool3x3 over every block. */
const hidden = (g: Genotype): number =>
  g.blocks
    .flatMap((b) => b.cells.flatMap((c) => c.ops))
    .reduce((s, op) => s + (op === 'sepConv3x3' ? 1 : op === 'maxPool3x3' ? -1 : 0), 0);

/** One round: `n` children of a random parent, metric = hidden rule relative to the parent, plus noise. */
function syntheticRound(
  seed: number,
  n: number,
): { parent: Genotype; candidates: Genotype[]; metrics: number[] } {
  const rng = createRng(seed);
  const parent = randomGenotype(seed, { maxCells: 2, uniform: true });
  const children = childCandidates(parent);
  const candidates = Array.from({ length: n }, () => children[rng.int(children.length)]!.genotype);
  return {
    parent,
    candidates,
    metrics: candidates.map((c) => hidden(c) - hidden(parent) + 0.5 * (rng.next() - 0.5)),
  };
}

function examplesOf(rounds: number, perRound: number, firstSeed = 100): ControllerExample[] {
  return Array.from({ length: rounds }, (_, r) => syntheticRound(firstSeed + r, perRound)).flatMap(
    (x, round) =>
      x.candidates.map((candidate, i) => ({ parent: x.parent, candidate, round, metric: x.metrics[i]! })),
  );
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('tfjs controller on a synthetic task', () => {
  let controller: Controller;
  const heldOut = syntheticRound(999, 120);
  let tensorsBefore = 0;

  beforeAll(async () => {
    tensorsBefore = tf.memory().numTensors;
    controller = createTfController({ backend: 'wasm', seed: 1 });
    const report = await controller.fit(examplesOf(5, 40));
    expect(report).toMatchObject({ examples: 200, rounds: 5, epochs: 60, warmStarted: false });
    expect(report.trainTau).toBeGreaterThan(0.6);
  });

  it('ranks held-out siblings with Kendall tau > 0.5', async () => {
    const scores = await controller.score(heldOut.parent, heldOut.candidates);
    expect(scores).toHaveLength(120);
    const tau = kendallTau(scores, heldOut.metrics);
    console.log(
      `controller: held-out Kendall tau ${tau.toFixed(3)} (noise-free rule: ${kendallTau(heldOut.candidates.map(hidden), heldOut.metrics).toFixed(3)})`,
    );
    expect(tau).toBeGreaterThan(0.5);
  });

  it('makes each score depend on the siblings read before it', async () => {
    const round = heldOut.candidates.slice(0, 6);
    const base = await controller.score(heldOut.parent, round);
    const changed = await controller.score(heldOut.parent, [heldOut.candidates[50]!, ...round.slice(1)]);
    for (let i = 1; i < 6; i++) expect(changed[i]).not.toBe(base[i]);
    // The same candidate alone scores differently from within its round.
    const [alone] = await controller.score(heldOut.parent, [round[3]!]);
    expect(alone).not.toBe(base[3]);
  });

  it('frees every tensor when disposed, and refuses use afterwards', async () => {
    controller.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    await expect(controller.score(heldOut.parent, heldOut.candidates)).rejects.toThrow(/used after dispose/);
  });
});

describe('tfjs controller behaviour', () => {
  const small = examplesOf(2, 12, 300);
  const probe = syntheticRound(301, 20);
  const fitAndScore = async (seed: number): Promise<number[]> => {
    const c = createTfController({
      backend: 'wasm',
      seed,
      epochs: 4,
      hiddenUnits: 16,
      embeddingUnits: 8,
      sequenceLength: 8,
    });
    await c.fit(small);
    const s = await c.score(probe.parent, probe.candidates);
    c.dispose();
    return s;
  };

  it('is deterministic under a seed, and the seed matters', async () => {
    const a = await fitAndScore(5);
    expect(await fitAndScore(5)).toEqual(a);
    expect(await fitAndScore(6)).not.toEqual(a);
  });

  it('warm-starts from the previous fit when asked', async () => {
    const c = createTfController({
      backend: 'wasm',
      warmStart: true,
      epochs: 3,
      warmStartEpochs: 2,
      hiddenUnits: 16,
      embeddingUnits: 8,
    });
    expect((await c.fit(small)).warmStarted).toBe(false);
    const again = await c.fit(small);
    expect(again).toMatchObject({ warmStarted: true, epochs: 2 });
    c.dispose();
  });

  it('rejects an empty fit and genotypes deeper than its encoding', async () => {
    const c = createTfController({ backend: 'wasm', maxCells: 1, hiddenUnits: 4, embeddingUnits: 4 });
    await expect(c.fit([])).rejects.toThrow(/fit needs at least one trained candidate/);
    await expect(
      c.score(
        probe.parent,
        childCandidates(probe.parent)
          .slice(0, 1)
          .map((x) => x.genotype),
      ),
    ).rejects.toThrow(/more than maxCells 1/);
    expect(await c.score(probe.parent, [])).toEqual([]);
    c.dispose();
    expect(() => createTfController({ epochs: 0 })).toThrow(/epochs must be a positive integer/);
  });
});
