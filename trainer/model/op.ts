// The contract each operator file implements: from a node and its input shapes, the node's
// output shape, the parameters it owns and how to run it. One file per op family under ops/,
// listed once in registry.ts (STYLE.md §4).

import type * as tf from '@tensorflow/tfjs-core';
import type { ArchNode, TensorShape } from '../../search/architecture/types.ts';
import type { ParamName } from '../../search/architecture/weights.ts';

/** How a parameter starts before training. */
export type Initializer =
  | { readonly kind: 'heNormal'; readonly fanIn: number }
  | { readonly kind: 'glorotUniform'; readonly fanIn: number; readonly fanOut: number }
  | { readonly kind: 'zeros' }
  | { readonly kind: 'ones' };

export interface ParamSpec {
  readonly name: ParamName;
  readonly shape: readonly number[];
  readonly init: Initializer;
  /** Moving statistics are updated by the forward pass, not by the optimizer. */
  readonly trainable: boolean;
  /** Kernels get weight decay; biases and batch-norm parameters do not. */
  readonly decay: boolean;
}

/** Per-call settings every op may read. */
export interface RunContext {
  /** Training mode: batch norm uses batch statistics and updates its moving statistics. */
  readonly training: boolean;
  /** Batch-norm moving-average momentum (new = m·old + (1 − m)·batch). */
  readonly batchNormMomentum: number;
}

export type ParamMap = Partial<Record<ParamName, tf.Variable>>;

/** A node ready to run: the result of an op's `plan`. */
export interface PlannedOp {
  readonly outputShape: TensorShape;
  readonly params: readonly ParamSpec[];
  /** Inputs carry the batch dimension first. */
  readonly run: (inputs: readonly tf.Tensor[], params: ParamMap, ctx: RunContext) => tf.Tensor;
}

/** One op family: the node kinds it handles and how to plan one of them. */
export interface OpDefinition<N extends ArchNode = ArchNode> {
  readonly ops: readonly N['op'][];
  readonly plan: (node: N, inputShapes: readonly TensorShape[]) => PlannedOp;
}

/** Looks up a parameter an op declared; missing means a bug in the op file, not user input. */
export function param(params: ParamMap, name: ParamName): tf.Variable {
  const v = params[name];
  if (v === undefined) throw new Error(`parameter ${name} was not created`);
  return v;
}
