// activation → Relu, Clip(0, 6), Sigmoid, Tanh, HardSwish, HardSigmoid(1/6, 1/2). Standard ONNX
// has no fused conv+activation operator; runtimes fuse Conv+Relu/Clip themselves at load time.
import type { ActivationNode } from '../../search/architecture/types.ts';
import { attr } from '../onnx/model-builder.ts';
import type { Lowering } from './lowering.ts';

/** The ONNX operator of each activation function (activation-raise.ts reads it backwards). */
export const ACTIVATION_ONNX_OP = {
  relu: 'Relu',
  relu6: 'Clip',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  hardSwish: 'HardSwish',
  hardSigmoid: 'HardSigmoid',
} as const;

export const lowerActivation: Lowering = (n, ctx) => {
  const node = n as ActivationNode;
  const inputs = [ctx.inputs[0]!];
  if (node.fn === 'relu6') {
    inputs.push(
      ctx.initializer('const.zero', { dims: [], data: new Float32Array([0]) }),
      ctx.initializer('const.six', { dims: [], data: new Float32Array([6]) }),
    );
  }
  ctx.emit({
    name: node.id,
    opType: ACTIVATION_ONNX_OP[node.fn],
    inputs,
    outputs: [ctx.output],
    attrs: node.fn === 'hardSigmoid' ? { alpha: attr.float(1 / 6), beta: attr.float(0.5) } : {},
  });
};
