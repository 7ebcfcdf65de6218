// Random weights for an architecture, reproducible from a seed: He-scaled kernels and non-trivial
// batch-norm statistics, so exported test and calibration models exercise every parameter (a
// freshly initialised batch norm is the identity and would hide folding mistakes).
import { createRng } from '../random.ts';
import { nodeFacts } from './shapes.ts';
import type { Architecture } from './types.ts';
import type { ArchitectureWeights, NodeWeights, ParamName } from './weights.ts';

export function randomWeights(arch: Architecture, seed: number): ArchitectureWeights {
  const rng = createRng(seed);
  const uniform = (lo: number, hi: number): number => lo + (hi - lo) * rng.next();
  const out: Record<string, NodeWeights> = {};
  for (const f of nodeFacts(arch)) {
    const params: NodeWeights = {};
    for (const [name, shape] of Object.entries(f.paramShapes) as [ParamName, readonly number[]][]) {
      const size = shape.reduce((a, b) => a * b, 1);
      // Fan-in: every dim but the last for kernels (HWIO, HWCM and [in, units] alike).
      const fanIn = shape.length > 1 ? size / shape[shape.length - 1]! : 1;
      const draw: () => number = {
        kernel: () => rng.normal() * Math.sqrt(2 / fanIn),
        bias: () => uniform(-0.1, 0.1),
        gamma: () => uniform(0.5, 1.5),
        beta: () => uniform(-0.2, 0.2),
        movingMean: () => uniform(-0.2, 0.2),
        movingVariance: () => uniform(0.5, 2),
      }[name];
      params[name] = { shape: [...shape], data: Float32Array.from({ length: size }, draw) };
    }
    if (Object.keys(params).length > 0) out[f.node.id] = params;
  }
  return out;
}
