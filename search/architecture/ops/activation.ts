// activation: element-wise non-linearities; shape-preserving, parameter-free.
import type { ActivationNode } from '../types.ts';
import { noParams, product, type OpSpec } from './op-spec.ts';

export const activationOp: OpSpec<ActivationNode> = {
  op: 'activation',
  arity: { min: 1, max: 1 },
  outputShape: (_node, [input]) => input!,
  paramShapes: noParams,
  macs: (_node, _inputs, output) => product(output),
};
