// What this run does differently from the published method (METHOD §8), written into the summary
// so a reader can tell MemNAS from memnas's defaults.
import { objectiveByName } from '../../search/objective/all-objectives.ts';
import { narrowerWidth, widerWidth } from '../../search/space/width-ladder.ts';
import type { RunConfig } from './run-config.ts';

/** The run's own width steps, from the ladder the mutation uses: "8 → 10 or 6". */
function widthSteps(width: number): string {
  const to = [widerWidth(width), narrowerWidth(width)].filter((w) => w !== null);
  return `${width} → ${to.join(' or ')}`;
}

export function deviations(c: RunConfig, usedController: boolean): string[] {
  const [h, w, ch] = c.input.shape;
  return [
    `Input ${h}×${w}×${ch}, ${c.input.classes} classes (paper: CIFAR-10 32×32×3 and ImageNet); a ${c.stem}-channel stem conv${(c.stemStride ?? 1) === 2 ? ' with stride 2 (blocks run at half the input resolution)' : ''} before block 1 and cell width ${c.width} (blocks ${c.width}, ${c.width}, ${2 * c.width}, ${2 * c.width}, ${4 * c.width} channels) so networks land in the tens-to-hundreds of KB.`,
    `Seed round: ${c.seedSize} of the 28 distinct single-cell networks, chosen at random (paper: all 49 operation pairs, which include mirror-image duplicates).`,
    `Rounds 0 and 1 pick at random, capped by the time budget (paper: every candidate trained in the first two rounds)${c.picker === 'random' ? '' : '; round 1 takes grows, trims and width steps in turn (grows outnumber the others ten to one), so the controller learns every kind'}; later rounds train the controller's top K = ${c.k} (or fewer when time runs short).`,
    `Children are the parent's grows and trims and its cells one width step wider or narrower (steps of about a quarter, here ${widthSteps(c.width)} channels; a widened child first computes its parent's function) (paper: grow and trim only, width fixed).`,
    `The seed round has no parent: its metric compares each seed with the mean of the trained seeds, and the best by that metric is the first parent (paper: the best seed).`,
    `Seeds train from scratch on ${c.candidateImages} training images; every child starts from its parent's trained weights (weight inheritance: untouched layers copied, a grown cell joined through zero weights so the child first computes what its parent computed, a trimmed operation initialised fresh) and fine-tunes on ${c.childImages} images, each round on other images of the training split, beside the parent itself trained further on the same images (the round's baseline: a child wins by what its grow or trim changed, not by the extra training); all are scored on ${c.validationImages} validation images carved from the training set (paper: every candidate trained from scratch for 150 epochs, scored on the test set); the test set is used once, for the final report.`,
    c.objective === 'paper'
      ? `Selection uses the paper's relative metric (--objective paper, ${objectiveByName('paper').formula}) with λ = ${c.lambda}; the memory budget is a hard limit on total memory (paper: the metric alone; its earlier version: a hard bound alone).`
      : `Selection uses the budget objective (${objectiveByName('budget').formula}, λ = ${c.lambda}; docs/objective.md): accuracy in points against memory as a share of the budget, so a grow wins when the accuracy it buys is worth the budget it spends (paper: memory savings relative to the parent, under which no grow can win); the memory budget is a hard limit.`,
    ...(c.runoff > 0
      ? [
          `Each round chooses after a runoff (one step of successive halving; paper: one training per candidate): up to ${c.runoff} children that beat the baseline in the first pass, and the baseline, each fine-tune one more pass on ${c.runoffImages} other images from their own weights, and the round chooses among them by that pass (the seed round: its ${c.runoff + 1} best seeds); the controller learns from every child's first pass.`,
        ]
      : []),
    `Feature-map memory is the peak of live tensors under the best execution order the memory model finds, inputs kept alive while their consumer runs (paper: level-by-level liveness).`,
    c.device === null
      ? 'Memory is analytic (fp32, batch 1), as in the paper.'
      : `Memory of trained candidates is measured on device '${c.device}' (its batch-1 peak of the exported ONNX model) and replaces the analytic total for the budget, the metric and the Pareto front; before training, candidates are filtered by a prediction: the device's stored calibration ('memnas calibrate'), refitted with every new measurement, or without one a line from analytic to measured memory fitted to the measurements so far.`,
    `The search stops at its share of the time budget, at ${c.maxCells} cells per block${c.patience === null ? '' : `, or after ${c.patience} rounds without a better parent`} (paper: 13 rounds, 6 cells).`,
    c.picker === 'random'
      ? 'Every round picks its candidates at random (--picker random: the baseline the controller is measured against).'
      : usedController
        ? 'The controller (encoder GRU over blocks, ranking GRU across a round, 100 hidden units) is re-fitted each round on every trained candidate with a regression plus pairwise ranking loss.'
        : 'No controller round ran (the time budget ended within the first two rounds, or the controller was unavailable): every pick was random.',
    'Final models (the best, then Pareto models while training slots are free) train longer on the full training split, continuing from their search weights; the rest keep their search weights.',
  ];
}
