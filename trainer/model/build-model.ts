// Builds a trainable tfjs-core computation from an architecture JSON (no tfjs-layers): plans
// every node with its op file from the shapes the search op registry gives it (nodeFacts),
// creates its variables (seeded, or from given weights) and runs the nodes in dependency order.
// The model is a pure function of (architecture, weights).

import * as tf from '@tensorflow/tfjs-core';
import type { Architecture, ArchNode } from '../../search/architecture/types.ts';
import type { ArchitectureWeights, NodeWeights, WeightTensor } from '../../search/architecture/weights.ts';
import { MemnasError } from '../../search/errors.ts';
import { initialValues } from './init.ts';
import type { ParamMap, ParamSpec, PlannedOp, RunContext } from './op.ts';
import { createRandom, deriveSeed, type Random } from './random.ts';
import { opFor } from './registry.ts';
import { checkAcyclic, checkReferences } from '../../search/architecture/graph-order.ts';
import { nodeFacts } from '../../search/architecture/shapes.ts';

export interface BuildOptions {
  /** Seed for the initial weights. Default 0. Ignored when `weights` are given. */
  readonly seed?: number;
  /** Start from these weights (every parameter of every node must be present). */
  readonly weights?: ArchitectureWeights;
  /**
   * Start from these weights where they are given (an inherited, partial map); parameters they
   * lack are initialised from the seed. Ignored when `weights` are given.
   */
  readonly initialWeights?: ArchitectureWeights;
  /** Batch-norm moving-statistics momentum. Default 0.99 (Keras's). */
  readonly batchNormMomentum?: number;
}

export interface Model {
  readonly architecture: Architecture;
  /** x: [batch, h, w, c] → logits [batch, classes]. Call inside tf.tidy. */
  forward(x: tf.Tensor4D, training: boolean): tf.Tensor2D;
  /** Every node's output (and the input), by id — for debugging and layer-by-layer comparisons. */
  forwardNodes(x: tf.Tensor4D, training: boolean): ReadonlyMap<string, tf.Tensor>;
  /** Every variable, trainable or not. */
  readonly variables: readonly tf.Variable[];
  /** What the optimizer updates. */
  readonly trainableVariables: readonly tf.Variable[];
  /** Kernels, which get weight decay. */
  readonly decayedVariables: readonly tf.Variable[];
  /** A copy of the current parameters in the form the exporter reads. */
  getWeights(): ArchitectureWeights;
  dispose(): void;
}

interface BuiltNode {
  readonly node: ArchNode;
  readonly plan: PlannedOp;
  readonly params: ParamMap;
}

interface PlannedNode {
  readonly node: ArchNode;
  readonly plan: PlannedOp;
}

interface Created {
  readonly built: BuiltNode[];
  readonly all: { spec: ParamSpec; variable: tf.Variable }[];
}

/**
 * Plans every node in execution order from the facts the search op registry derives (shapes and
 * parameter shapes: search/architecture/ops/), and checks the output is [classes].
 */
function planNodes(arch: Architecture): PlannedNode[] {
  checkReferences(arch);
  checkAcyclic(arch);
  const facts = nodeFacts(arch);
  const outShape = facts.find((f) => f.node.id === arch.output)?.outputShape ?? [];
  if (outShape.length !== 1 || outShape[0] !== arch.classes) {
    throw new MemnasError(
      'ARCH_SHAPE_MISMATCH',
      `output ${arch.output} has shape [${outShape.join(', ')}], expected [${arch.classes}] (the class count)`,
    );
  }
  return facts.map((f) => ({ node: f.node, plan: opFor(f.node).plan(f.node, f) }));
}

/** A parameter's starting values: given weights, else inherited ones, else seeded initialisation. */
function startValues(options: BuildOptions, nodeId: string, spec: ParamSpec, random: Random): Float32Array {
  if (options.weights !== undefined) return givenValues(options.weights, nodeId, spec);
  if (options.initialWeights?.[nodeId]?.[spec.name] !== undefined)
    return givenValues(options.initialWeights, nodeId, spec);
  return initialValues(spec.init, size(spec.shape), random);
}

/** Creates every node's variables, in plan order (the seeded draws depend on that order). */
function createVariables(plans: readonly PlannedNode[], options: BuildOptions): Created {
  const random = createRandom(deriveSeed(options.seed ?? 0, 'init'));
  const built: BuiltNode[] = [];
  const all: { spec: ParamSpec; variable: tf.Variable }[] = [];
  for (const { node, plan } of plans) {
    const params: ParamMap = {};
    for (const spec of plan.params) {
      const initial = tf.tensor(startValues(options, node.id, spec, random), [...spec.shape]);
      const variable = tf.variable(initial, spec.trainable);
      initial.dispose(); // the variable holds its own reference to the data

      params[spec.name] = variable;
      all.push({ spec, variable });
    }
    built.push({ node, plan, params });
  }
  return { built, all };
}

/** Every node's output (and the input) for one batch. */
function runNodes(
  arch: Architecture,
  built: readonly BuiltNode[],
  x: tf.Tensor4D,
  ctx: RunContext,
): Map<string, tf.Tensor> {
  const [h, w, c] = arch.input.shape;
  const [, xh, xw, xc] = x.shape;
  if (xh !== h || xw !== w || xc !== c) {
    throw new MemnasError(
      'ARCH_SHAPE_MISMATCH',
      `input batch is ${xh}×${xw}×${xc}, architecture ${arch.name} expects ${h}×${w}×${c}`,
    );
  }
  const values = new Map<string, tf.Tensor>([[arch.input.name, x]]);
  for (const b of built) {
    const inputs = b.node.inputs.map((i) => values.get(i) as tf.Tensor);
    values.set(b.node.id, b.plan.run(inputs, b.params, ctx));
  }
  return values;
}

/** A copy of the current parameters, by node, in the form the exporter reads. */
function currentWeights(built: readonly BuiltNode[]): ArchitectureWeights {
  const out: Record<string, NodeWeights> = {};
  for (const b of built) {
    const entries = Object.entries(b.params);
    if (entries.length === 0) continue;
    const nodeWeights: Partial<Record<string, WeightTensor>> = {};
    for (const [name, variable] of entries) {
      nodeWeights[name] = { shape: [...variable.shape], data: Float32Array.from(variable.dataSync()) };
    }
    out[b.node.id] = nodeWeights as NodeWeights;
  }
  return out;
}

export function buildModel(arch: Architecture, options: BuildOptions = {}): Model {
  const plans = planNodes(arch);
  const given = options.weights ?? options.initialWeights;
  if (given !== undefined) checkNoExtraWeights(given, plans);
  const { built, all } = createVariables(plans, options);
  const batchNormMomentum = options.batchNormMomentum ?? 0.99;
  return {
    architecture: arch,
    variables: all.map((p) => p.variable),
    trainableVariables: all.filter((p) => p.spec.trainable).map((p) => p.variable),
    decayedVariables: all.filter((p) => p.spec.decay).map((p) => p.variable),
    forward(x, training) {
      return this.forwardNodes(x, training).get(arch.output) as tf.Tensor2D;
    },
    forwardNodes: (x, training) => runNodes(arch, built, x, { training, batchNormMomentum }),
    getWeights: () => currentWeights(built),
    dispose() {
      for (const p of all) p.variable.dispose();
    },
  };
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function givenValues(weights: ArchitectureWeights, nodeId: string, spec: ParamSpec): Float32Array {
  const tensor = weights[nodeId]?.[spec.name];
  if (tensor === undefined) throw new MemnasError('WEIGHTS_INVALID', `weights lack ${nodeId}.${spec.name}`);
  if (tensor.shape.join(',') !== spec.shape.join(',') || tensor.data.length !== size(spec.shape)) {
    throw new MemnasError(
      'WEIGHTS_INVALID',
      `weights ${nodeId}.${spec.name} have shape [${tensor.shape.join(', ')}], the architecture needs [${spec.shape.join(', ')}]`,
    );
  }
  return tensor.data;
}

function checkNoExtraWeights(weights: ArchitectureWeights, plans: readonly PlannedNode[]): void {
  const known = new Map(plans.map((p) => [p.node.id, new Set(p.plan.params.map((s) => s.name as string))]));
  for (const [nodeId, params] of Object.entries(weights)) {
    const names = known.get(nodeId);
    for (const name of Object.keys(params)) {
      if (names === undefined || !names.has(name))
        throw new MemnasError(
          'WEIGHTS_INVALID',
          `weights hold ${nodeId}.${name}, which the architecture does not have`,
        );
    }
  }
}
