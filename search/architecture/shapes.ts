// Shape inference and per-node facts (output shape, parameters, MACs) for a parsed architecture.
import { MemnasError } from '../errors.ts';
import { opSpec } from './ops/all-ops.ts';
import { paramCountOf, type ParamShapes } from './ops/op-spec.ts';
import { executionOrder } from './graph-order.ts';
import type { ArchNode, Architecture, TensorShape } from './types.ts';

export interface NodeFacts {
  readonly node: ArchNode;
  readonly inputShapes: readonly TensorShape[];
  readonly outputShape: TensorShape;
  readonly paramShapes: ParamShapes;
  readonly params: number;
  readonly macs: number;
}

/** Facts for every node, in execution order. Throws naming the first node whose shapes do not fit. */
export function nodeFacts(arch: Pick<Architecture, 'input' | 'nodes' | 'output'>): NodeFacts[] {
  const shapes = new Map<string, TensorShape>([[arch.input.name, arch.input.shape]]);
  return executionOrder(arch).map((node) => {
    const spec = opSpec(node);
    if (node.inputs.length < spec.arity.min || node.inputs.length > spec.arity.max) {
      const want = spec.arity.max === spec.arity.min ? `${spec.arity.min}` : `at least ${spec.arity.min}`;
      throw new MemnasError(
        'ARCH_INVALID',
        `node '${node.id}' field 'inputs': ${node.op} takes ${want} input(s), got ${node.inputs.length}`,
      );
    }
    const inputShapes = node.inputs.map((i) => shapes.get(i)!);
    const outputShape = spec.outputShape(node, inputShapes);
    shapes.set(node.id, outputShape);
    const paramShapes = spec.paramShapes(node, inputShapes);
    return {
      node,
      inputShapes,
      outputShape,
      paramShapes,
      params: paramCountOf(paramShapes),
      macs: spec.macs(node, inputShapes, outputShape),
    };
  });
}

export function parameterCount(arch: Architecture): number {
  return nodeFacts(arch).reduce((sum, f) => sum + f.params, 0);
}
