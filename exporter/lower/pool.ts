// maxPool / avgPool → MaxPool / AveragePool with explicit pads; average pooling excludes the
// padding from its count (count_include_pad = 0), which is TensorFlow's 'same' rule.
import type { PoolNode } from '../../search/architecture/types.ts';
import { attr } from '../onnx/model-builder.ts';
import type { Lowering } from './lowering.ts';
import { windowAttrs } from './window-attrs.ts';

export const lowerPool: Lowering = (n, ctx) => {
  const node = n as PoolNode;
  const attrs = windowAttrs(ctx.inputShapes[0]!, node.pool, node.strides, null, node.padding);
  ctx.emit({
    name: node.id,
    opType: node.op === 'maxPool' ? 'MaxPool' : 'AveragePool',
    inputs: [ctx.inputs[0]!],
    outputs: [ctx.output],
    attrs: node.op === 'avgPool' ? { ...attrs, count_include_pad: attr.int(0) } : attrs,
  });
};
