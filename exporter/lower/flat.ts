// globalPool → GlobalAveragePool/GlobalMaxPool + Flatten; flatten → Flatten of the NCHW tensor
// when every consumer is a dense layer (whose kernel rows are permuted once at export instead),
// else Transpose to NHWC + Flatten; dense → Gemm.
import type { DenseNode, GlobalPoolNode } from '../../search/architecture/types.ts';
import { attr } from '../onnx/model-builder.ts';
import type { Lowering } from './lowering.ts';
import { asInit, nhwcRowsToNchw, required } from './layout.ts';

export const lowerGlobalPool: Lowering = (n, ctx) => {
  const node = n as GlobalPoolNode;
  const pooled = `${node.id}.pooled`;
  ctx.emit({
    name: `${node.id}.pool`,
    opType: node.mode === 'avg' ? 'GlobalAveragePool' : 'GlobalMaxPool',
    inputs: [ctx.inputs[0]!],
    outputs: [pooled],
    attrs: {},
  });
  ctx.emit({
    name: node.id,
    opType: 'Flatten',
    inputs: [pooled],
    outputs: [ctx.output],
    attrs: { axis: attr.int(1) },
  });
};

/** True when the flatten's rows can be reordered on the consumers' weights instead of on activations. */
export function flattenFoldsIntoDense(consumers: readonly { op: string }[]): boolean {
  return consumers.length > 0 && consumers.every((c) => c.op === 'dense');
}

export const lowerFlatten: Lowering = (node, ctx) => {
  let source = ctx.inputs[0]!;
  // A flat input (after globalPool, say) has no channel order to keep: Flatten alone.
  const flat = (ctx.inputShapes[0]?.length ?? 3) < 3;
  if (!flat && !flattenFoldsIntoDense(ctx.consumers)) {
    source = `${node.id}.nhwc`;
    ctx.emit({
      name: `${node.id}.transpose`,
      opType: 'Transpose',
      inputs: [ctx.inputs[0]!],
      outputs: [source],
      attrs: { perm: attr.ints([0, 2, 3, 1]) },
    });
  }
  ctx.emit({
    name: node.id,
    opType: 'Flatten',
    inputs: [source],
    outputs: [ctx.output],
    attrs: { axis: attr.int(1) },
  });
};

export const lowerDense: Lowering = (n, ctx) => {
  const node = n as DenseNode;
  const kernel = required(ctx.weights.kernel, `${node.id}.kernel`);
  // Reading a flatten of a feature map whose rows were left in NCHW order: permute the kernel.
  const source = ctx.facts.node.inputs[0]!;
  const flattened = ctx.flattenedFrom(source);
  const weight = flattened === undefined ? asInit(kernel) : nhwcRowsToNchw(kernel, flattened);
  const inputs = [ctx.inputs[0]!, ctx.initializer(`${node.id}.weight`, weight)];
  if (node.useBias)
    inputs.push(ctx.initializer(`${node.id}.bias`, asInit(required(ctx.weights.bias, `${node.id}.bias`))));
  ctx.emit({ name: node.id, opType: 'Gemm', inputs, outputs: [ctx.output], attrs: {} });
};
