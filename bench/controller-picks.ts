// Do the controller's picks beat random picks? A simulated grow-trim search (METHOD.md §2) in
// which every candidate's "true" metric comes from a cheap proxy instead of a training run: the
// analytic memory model on the built architecture (exact, as the search computes it) plus a
// hidden accuracy proxy (operation quality, capacity, depth, and per-candidate evaluation noise).
// The first two rounds train everything; from round 3 the controller, fitted on every candidate
// trained so far, ranks all children of the parent, and its top K are compared with K random
// picks and with the truth (Kendall's tau, NDCG@K, precision@K), over all children and over the
// grow children alone (which op pair and inputs to add — the harder, within-kind ranking). After
// round 2 the best *grow* child becomes the parent, so later rounds rank the ~460 children of a
// 2-cell parent, the size the search faces (with this metric trims otherwise win every round).
// Several seeds; last line JSON.
// Run: npx tsx bench/controller-picks.ts [--seeds=3] [--rounds=5] [--k=10] [--lambda=0.5]
//      [--epochs=60] [--sequence-length=16] [--ranking-weight=1] [--warm-start]
import type { ControllerExample } from '../search/controller/contract.ts';
import { kendallTau, ndcgAtK, precisionAtK, topK } from '../search/controller/ranking-quality.ts';
import { architectureMemoryGraph } from '../search/memory/from-architecture.ts';
import { analyzeMemory } from '../search/memory/analyze.ts';
import { memnasMetric, type MetricInputs } from '../search/metric.ts';
import { createRng, type Rng } from '../search/random.ts';
import { buildArchitecture } from '../search/space/build.ts';
import { genotypeKey, type Genotype } from '../search/space/genotype.ts';
import { childCandidates, seedCandidates, type Candidate } from '../search/space/grow-trim.ts';
import type { Operation } from '../search/space/operations.ts';
import { initBackend } from '../trainer/backend/index.ts';
import { createTfController } from '../trainer/controller/tf-controller.ts';

const arg = (name: string, fallback: number): number => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit === undefined ? fallback : Number(hit.slice(name.length + 3));
};
const SEEDS = arg('seeds', 3);
const ROUNDS = arg('rounds', 5);
const K = arg('k', 10);
const LAMBDA = arg('lambda', 0.5);
const WIDTH = 8;
const CONTROLLER = {
  epochs: arg('epochs', 60),
  sequenceLength: arg('sequence-length', 16),
  rankingWeight: arg('ranking-weight', 1),
  warmStart: process.argv.includes('--warm-start'),
};

// ---- the proxy "truth" ----------------------------------------------------------------------

/** Hidden per-operation quality: what a real training run would reveal (unknown to the controller). */
const OP_QUALITY: Record<Operation, number> = {
  conv3x3: 0.012,
  sepConv5x5: 0.011,
  sepConv3x3: 0.009,
  conv1x7_7x1: 0.008,
  dilConv3x3: 0.006,
  conv1x1: 0.003,
  maxPool3x3: 0.002,
  avgPool3x3: 0.0,
};

function hashSeed(text: string, salt: number): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const memoryCache = new Map<string, { paramBytes: number; activationBytes: number }>();

function memoryOf(g: Genotype): { paramBytes: number; activationBytes: number } {
  const key = genotypeKey(g);
  let m = memoryCache.get(key);
  if (m === undefined) {
    const arch = buildArchitecture(g, { shape: [28, 28, 1], classes: 10 });
    const { graph, paramBytes } = architectureMemoryGraph(arch);
    m = {
      paramBytes,
      activationBytes: analyzeMemory(graph, paramBytes, { orderBudget: 2000 }).peakActivationBytes,
    };
    memoryCache.set(key, m);
  }
  return m;
}

/** Accuracy proxy: capacity with diminishing returns, mean op quality, depth from skip reads, noise. */
function accuracyOf(g: Genotype, seed: number): number {
  const ops = g.blocks.flatMap((b) => b.cells.flatMap((c) => c.ops));
  const meanQuality = ops.reduce((s, op) => s + OP_QUALITY[op], 0) / ops.length;
  const deepReads = g.blocks.reduce(
    (s, b) => s + b.cells.filter((c) => c.inputs.some((i) => i > 0)).length,
    0,
  );
  const { paramBytes } = memoryOf(g);
  const noise = (createRng(hashSeed(genotypeKey(g), seed)).next() - 0.5) * 0.006;
  const acc =
    0.8 +
    0.05 * Math.tanh(Math.log2(paramBytes / 30_000) / 3) +
    3 * (meanQuality - 0.006) +
    0.002 * Math.min(deepReads, 10) +
    noise;
  return Math.min(0.99, Math.max(0.1, acc));
}

function truthOf(g: Genotype, seed: number): MetricInputs {
  const m = memoryOf(g);
  return { accuracy: accuracyOf(g, seed), paramBytes: m.paramBytes, activationBytes: m.activationBytes };
}

// ---- the simulated search -------------------------------------------------------------------

interface RoundRow {
  seed: number;
  round: number;
  candidates: number;
  examples: number;
  fitSeconds: number;
  scoreSeconds: number;
  topKMean: number;
  randomKMean: number;
  allMean: number;
  topKBest: number;
  randomKBest: number;
  bestOverall: number;
  tau: number;
  tauOnPicks: number;
  growTau: number;
  growTopKMean: number;
  growRandomKMean: number;
  fitCpuSeconds: number;
  ndcg: number;
  precision: number;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** 0..n-1 in a random order (Fisher–Yates, drawing from `rng`). */
function shuffled(n: number, rng: Rng): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

interface RoundScores {
  readonly children: readonly Candidate[];
  /** The controller's scores and the true metrics, per child. */
  readonly scores: readonly number[];
  readonly truth: readonly number[];
  /** The controller's top K, and every child in a random order. */
  readonly picks: readonly number[];
  readonly random: readonly number[];
}

type Timing = Pick<RoundRow, 'fitSeconds' | 'scoreSeconds' | 'fitCpuSeconds'>;

function roundRow(seed: number, round: number, examples: number, x: RoundScores, timing: Timing): RoundRow {
  const { children, scores, truth, picks } = x;
  const at = (list: readonly number[], of: readonly number[]): number[] => list.map((i) => of[i]!);
  const randomPicks = x.random.slice(0, K);
  const grows = children.flatMap((c, i) => (c.mutation.kind === 'grow' ? [i] : []));
  const growPicks = topK(at(grows, scores), K).map((j) => grows[j]!);
  const growRandom = x.random.filter((i) => children[i]!.mutation.kind === 'grow').slice(0, K);
  return {
    seed,
    round,
    candidates: children.length,
    examples,
    fitSeconds: timing.fitSeconds,
    scoreSeconds: timing.scoreSeconds,
    topKMean: mean(at(picks, truth)),
    randomKMean: mean(at(randomPicks, truth)),
    allMean: mean(truth),
    topKBest: Math.max(...at(picks, truth)),
    randomKBest: Math.max(...at(randomPicks, truth)),
    bestOverall: Math.max(...truth),
    tau: kendallTau(scores, truth),
    tauOnPicks: kendallTau(at(picks, scores), at(picks, truth)),
    ndcg: ndcgAtK(scores, truth, K),
    growTau: kendallTau(at(grows, scores), at(grows, truth)),
    growTopKMean: mean(at(growPicks, truth)),
    growRandomKMean: mean(at(growRandom, truth)),
    fitCpuSeconds: timing.fitCpuSeconds,
    precision: precisionAtK(scores, truth, K),
  };
}

function printRow(r: RoundRow): void {
  console.log(
    `seed ${r.seed} round ${r.round}: ${r.candidates} candidates, fit on ${r.examples} in ${r.fitSeconds.toFixed(1)} s (${r.fitCpuSeconds.toFixed(1)} s CPU), score in ${r.scoreSeconds.toFixed(2)} s | ` +
      `top-${K} mean ${r.topKMean.toFixed(4)} vs random ${r.randomKMean.toFixed(4)} (all ${r.allMean.toFixed(4)}), best ${r.topKBest.toFixed(4)} vs ${r.randomKBest.toFixed(4)} (max ${r.bestOverall.toFixed(4)}) | ` +
      `tau ${r.tau.toFixed(3)}, NDCG@${K} ${r.ndcg.toFixed(3)}, P@${K} ${r.precision.toFixed(2)} | ` +
      `grows only: tau ${r.growTau.toFixed(3)}, top-${K} ${r.growTopKMean.toFixed(4)} vs random ${r.growRandomKMean.toFixed(4)}`,
  );
}

async function simulate(seed: number): Promise<RoundRow[]> {
  const rng = createRng(hashSeed('picks', seed));
  const controller = createTfController({ backend: 'wasm', seed, ...CONTROLLER });
  const examples: ControllerExample[] = [];
  const rows: RoundRow[] = [];
  // Round 1: the seed round, measured against a plain conv3x3 network as the reference parent.
  const seeds = seedCandidates(WIDTH).map((c) => c.genotype);
  let parent = seeds.find((g) => g.blocks[0]!.cells[0]!.ops.every((op) => op === 'conv3x3'))!;
  /** "Trains" candidates (their proxy metric joins the examples); returns the best, or the best grow. */
  const train = (round: number, candidates: readonly Candidate[], growOnly = false): Genotype => {
    const base = truthOf(parent, seed);
    const metrics = candidates.map((c) => memnasMetric(truthOf(c.genotype, seed), base, LAMBDA));
    candidates.forEach((c, i) =>
      examples.push({ parent, candidate: c.genotype, round, metric: metrics[i]! }),
    );
    const eligible = metrics.map((m, i) =>
      growOnly && candidates[i]!.mutation.kind !== 'grow' ? -Infinity : m,
    );
    return candidates[topK(eligible, 1)[0]!]!.genotype;
  };
  parent = train(
    1,
    seeds.map((genotype) => ({ genotype, mutation: { kind: 'seed', ops: ['conv3x3', 'conv3x3'] } })),
  );
  parent = train(2, childCandidates(parent), true);
  try {
    for (let round = 3; round <= ROUNDS; round++) {
      const children = childCandidates(parent);
      const candidates = children.map((c) => c.genotype);
      const base = truthOf(parent, seed);
      const truth = candidates.map((c) => memnasMetric(truthOf(c, seed), base, LAMBDA));
      const cpu = process.cpuUsage();
      const fit = await controller.fit(examples);
      const fitCpu = process.cpuUsage(cpu);
      const t0 = performance.now();
      const scores = await controller.score(parent, candidates);
      const scoreSeconds = (performance.now() - t0) / 1000;
      const picks = topK(scores, K);
      const random = shuffled(candidates.length, rng);
      const timing = {
        fitSeconds: fit.seconds,
        scoreSeconds,
        fitCpuSeconds: (fitCpu.user + fitCpu.system) / 1e6,
      };
      const r = roundRow(seed, round, examples.length, { children, scores, truth, picks, random }, timing);
      rows.push(r);
      printRow(r);
      // Train the controller's picks; the best of them is the next parent.
      parent = train(
        round,
        picks.map((i) => children[i]!),
      );
    }
  } finally {
    controller.dispose();
  }
  return rows;
}

await initBackend('wasm');
const started = performance.now();
const rows: RoundRow[] = [];
for (let seed = 1; seed <= SEEDS; seed++) rows.push(...(await simulate(seed)));
const finite = (xs: number[]): number[] => xs.filter((x) => Number.isFinite(x));
const summary = {
  bench: 'controller-picks',
  seeds: SEEDS,
  rounds: ROUNDS,
  k: K,
  lambda: LAMBDA,
  controller: CONTROLLER,
  scoredRounds: rows.length,
  topKMean: mean(rows.map((r) => r.topKMean)),
  randomKMean: mean(rows.map((r) => r.randomKMean)),
  allMean: mean(rows.map((r) => r.allMean)),
  topKBeatsRandom: rows.filter((r) => r.topKMean > r.randomKMean).length / rows.length,
  topKBest: mean(rows.map((r) => r.topKBest)),
  randomKBest: mean(rows.map((r) => r.randomKBest)),
  kendallTau: mean(finite(rows.map((r) => r.tau))),
  kendallTauOnPicks: mean(finite(rows.map((r) => r.tauOnPicks))),
  ndcgAtK: mean(rows.map((r) => r.ndcg)),
  precisionAtK: mean(rows.map((r) => r.precision)),
  grows: {
    kendallTau: mean(finite(rows.map((r) => r.growTau))),
    topKMean: mean(rows.map((r) => r.growTopKMean)),
    randomKMean: mean(rows.map((r) => r.growRandomKMean)),
    topKBeatsRandom: rows.filter((r) => r.growTopKMean > r.growRandomKMean).length / rows.length,
  },
  fit: rows.map((r) => ({
    examples: r.examples,
    seconds: Number(r.fitSeconds.toFixed(2)),
    cpuSeconds: Number(r.fitCpuSeconds.toFixed(2)),
  })),
  score: rows.map((r) => ({ candidates: r.candidates, seconds: Number(r.scoreSeconds.toFixed(3)) })),
  seconds: (performance.now() - started) / 1000,
};
console.log(
  `\ncontroller top-${K}: mean metric ${summary.topKMean.toFixed(4)} vs random ${K} ${summary.randomKMean.toFixed(4)} ` +
    `(beats random in ${(summary.topKBeatsRandom * 100).toFixed(0)}% of ${rows.length} rounds); Kendall tau ${summary.kendallTau.toFixed(3)}, ` +
    `NDCG@${K} ${summary.ndcgAtK.toFixed(3)}, precision@${K} ${summary.precisionAtK.toFixed(2)}; grows only: tau ${summary.grows.kendallTau.toFixed(3)}, ` +
    `top-${K} ${summary.grows.topKMean.toFixed(4)} vs random ${summary.grows.randomKMean.toFixed(4)}; ${summary.seconds.toFixed(0)} s`,
);
console.log(JSON.stringify(summary));
