// The contract each operator file implements: from a node and the facts the search op registry
// derives for it (input and output shapes, parameter shapes: search/architecture/ops/), the
// parameters it owns (how they start, whether they train) and how to run it. Shapes are never
// derived again here. One file per op family under ops/, listed once in registry.ts (STYLE.md §4).

import type * as tf from '@tensorflow/tfjs-core';
import type { NodeFacts } from '../../search/architecture/shapes.ts';
import type { ArchNode } from '../../search/architecture/types.ts';
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
  readonly params: readonly ParamSpec[];
  /** Inputs carry the batch dimension first. */
  readonly run: (inputs: readonly tf.Tensor[], params: ParamMap, ctx: RunContext) => tf.Tensor;
}

/** One op family: how to plan a node of it from the node's facts (nodeFacts in search/). */
export interface OpDefinition<N extends ArchNode = ArchNode> {
  readonly plan: (node: N, facts: NodeFacts) => PlannedOp;
}

/** The shape the search op registry gives a node's parameter; missing means a bug, not user input. */
export function paramShape(facts: NodeFacts, name: ParamName): readonly number[] {
  const shape = facts.paramShapes[name];
  if (shape === undefined)
    throw new Error(`the op registry gives node ${facts.node.id} no parameter ${name}`);
  return shape;
}

/** Looks up a parameter an op declared; missing means a bug in the op file, not user input. */
export function param(params: ParamMap, name: ParamName): tf.Variable {
  const v = params[name];
  if (v === undefined) throw new Error(`parameter ${name} was not created`);
  return v;
}
