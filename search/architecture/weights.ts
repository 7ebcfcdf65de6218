// Trained weights of an architecture, keyed by node id then parameter name, in the layouts tfjs
// uses (the exporter converts layout once, on the weights). This is the form the trainer returns
// and the exporter reads; see weights-file.ts for its on-disk encoding.

/**
 * Parameter names and layouts per op:
 * - conv: kernel [kh, kw, cin, filters], bias [filters]
 * - depthwiseConv: kernel [kh, kw, cin, multiplier], bias [cin·multiplier]
 * - batchNorm: gamma, beta, movingMean, movingVariance, each [c]
 * - dense: kernel [in, units], bias [units]
 */
export type ParamName = 'kernel' | 'bias' | 'gamma' | 'beta' | 'movingMean' | 'movingVariance';

export interface WeightTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export type NodeWeights = Partial<Record<ParamName, WeightTensor>>;

/** node id → that node's parameters. Nodes without parameters are absent. */
export type ArchitectureWeights = Readonly<Record<string, NodeWeights>>;
