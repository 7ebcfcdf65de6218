// Synthetic graph figures and a synthetic device whose peaks and latencies follow a known linear
// rule, for the calibration model's tests.
import { EMPTY_KERNEL, KERNEL_CLASSES, type GraphFigures } from '../../../../search/calibration/figures.ts';
import { FUSED_CLASSES, type FusedKernelTable } from '../../../../search/calibration/fused-kernels.ts';
import type { CalibrationPoint } from '../../../../search/calibration/model.ts';
import { createRng, type Rng } from '../../../../search/random.ts';

export function figures(params: number, activations: number, macs: number, nodes: number): GraphFigures {
  const kernels = Object.fromEntries(
    KERNEL_CLASSES.map((k) => [k, EMPTY_KERNEL]),
  ) as unknown as GraphFigures['kernels'];
  return {
    paramBytes: params,
    bnFoldParamBytes: 0,
    inputBytes: 3072,
    outputBytes: 40,
    bestPeakBytes: activations,
    filePeakBytes: activations,
    methodPeakBytes: activations,
    sumActivationBytes: 3 * activations,
    maxTensorBytes: activations / 2,
    nodeCount: nodes,
    kernels: { ...kernels, conv: { nodes, macs, outputBytes: activations, paramBytes: params } },
    blocked: [8, 16].map((block) => ({
      block,
      nodes,
      convNodes: nodes,
      reorderNodes: 0,
      bestPeakBytes: activations,
      filePeakBytes: activations,
      sumActivationBytes: 3 * activations,
      convParamBytes: params,
    })),
    fusedKernels: {
      ...(Object.fromEntries(
        FUSED_CLASSES.map((k) => [
          k,
          { nodes: 0, macs: 0, activationBytes: 0, weightBytes: 0, im2colRows: 0 },
        ]),
      ) as unknown as FusedKernelTable),
      conv: { nodes, macs, activationBytes: 2 * activations, weightBytes: params, im2colRows: 0 },
    },
  };
}

/** A synthetic device: peak = 1 MB + 3·params + batch·2·activations; latency = 0.1 + 1e-8·MACs. */
export function device(
  seed: number,
  models: number,
  /** Each model's measured ÷ modelled peak (default 1: the device follows the model exactly). */
  factor: (rng: Rng) => number = () => 1,
): CalibrationPoint[] {
  const rng = createRng(seed);
  return Array.from({ length: models }, (_, i) => {
    const f = figures(
      1e4 + rng.next() * 1e6,
      1e4 + rng.next() * 5e5,
      1e6 + rng.next() * 1e8,
      10 + rng.int(100),
    );
    const k = factor(rng);
    return [1, 8].map((batch) => ({
      model: `m${i}`,
      figures: f,
      batch,
      peakBytes: k * (1e6 + 3 * f.paramBytes + batch * 2 * f.bestPeakBytes),
      latencyMs: 0.1 + 1e-8 * batch * f.kernels.conv.macs,
    }));
  }).flat();
}
