// Builds a trainable tfjs-core computation from an architecture JSON (no tfjs-layers): plans
// every node with its op file, creates its variables (seeded, or from given weights) and runs
// the nodes in dependency order. The model is a pure function of (architecture, weights).

import * as tf from '@tensorflow/tfjs-core';
import type { Architecture, ArchNode, TensorShape } from '../../search/architecture/types.ts';
import type { ArchitectureWeights, NodeWeights, WeightTensor } from '../../search/architecture/weights.ts';
import { MemnasError } from '../../search/errors.ts';
import { initialValues } from './init.ts';
import type { ParamMap, ParamSpec, PlannedOp } from './op.ts';
import { createRandom, deriveSeed } from './random.ts';
import { opFor } from './registry.ts';
import { checkAcyclic, checkReferences, executionOrder } from '../../search/architecture/graph-order.ts';

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

export function buildModel(arch: Architecture, options: BuildOptions = {}): Model {
  checkReferences(arch);
  checkAcyclic(arch);
  const order = executionOrder(arch);
  const shapes = new Map<string, TensorShape>([[arch.input.name, arch.input.shape]]);
  const plans = order.map((node) => {
    const plan = opFor(node).plan(
      node,
      node.inputs.map((i) => shapes.get(i) ?? []),
    );
    shapes.set(node.id, plan.outputShape);
    return { node, plan };
  });
  const outShape = shapes.get(arch.output) ?? [];
  if (outShape.length !== 1 || outShape[0] !== arch.classes) {
    throw new MemnasError(
      'ARCH_SHAPE_MISMATCH',
      `output ${arch.output} has shape [${outShape.join(', ')}], expected [${arch.classes}] (the class count)`,
    );
  }
  const given = options.weights ?? options.initialWeights;
  if (given !== undefined) checkNoExtraWeights(given, plans);

  const random = createRandom(deriveSeed(options.seed ?? 0, 'init'));
  const built: BuiltNode[] = [];
  const all: { spec: ParamSpec; variable: tf.Variable }[] = [];
  for (const { node, plan } of plans) {
    const params: ParamMap = {};
    for (const spec of plan.params) {
      const values =
        options.weights !== undefined
          ? givenValues(options.weights, node.id, spec)
          : options.initialWeights?.[node.id]?.[spec.name] !== undefined
            ? givenValues(options.initialWeights, node.id, spec)
            : initialValues(spec.init, size(spec.shape), random);
      const initial = tf.tensor(values, [...spec.shape]);
      const variable = tf.variable(initial, spec.trainable);
      initial.dispose(); // the variable holds its own reference to the data

      params[spec.name] = variable;
      all.push({ spec, variable });
    }
    built.push({ node, plan, params });
  }
  const ctx = { batchNormMomentum: options.batchNormMomentum ?? 0.99 };
  const [h, w, c] = arch.input.shape;

  return {
    architecture: arch,
    variables: all.map((p) => p.variable),
    trainableVariables: all.filter((p) => p.spec.trainable).map((p) => p.variable),
    decayedVariables: all.filter((p) => p.spec.decay).map((p) => p.variable),
    forward(x, training) {
      return this.forwardNodes(x, training).get(arch.output) as tf.Tensor2D;
    },
    forwardNodes(x, training) {
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
        values.set(
          b.node.id,
          b.plan.run(inputs, b.params, { training, batchNormMomentum: ctx.batchNormMomentum }),
        );
      }
      return values;
    },
    getWeights() {
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
    },
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

function checkNoExtraWeights(
  weights: ArchitectureWeights,
  plans: readonly { node: ArchNode; plan: PlannedOp }[],
): void {
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
