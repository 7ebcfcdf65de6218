// The inverses of flat.ts. globalPool is two ONNX nodes (Global*Pool, then Flatten) and flatten
// may be two (Transpose to NHWC, then Flatten): the first passes its input through and the
// Flatten makes the architecture node. A Flatten without a Transpose kept NCHW rows, so the dense
// layer reading it had its kernel rows permuted at export: Gemm permutes them back.
import { floatAttr, intAttr } from './onnx-attrs.ts';
import { nchwRowsToNhwc } from './layout.ts';
import type { FlatSource, RaiseContext, Raising } from './raising.ts';

/** What the Flatten being raised reads. */
const flattenSource = (ctx: RaiseContext): FlatSource | undefined =>
  ctx.flatSource(ctx.node.input?.[0] ?? '');

export const raiseGlobalPool: Raising = {
  onnxOps: ['GlobalAveragePool', 'GlobalMaxPool', 'Flatten'],
  accepts: (ctx) => ctx.opType !== 'Flatten' || flattenSource(ctx)?.kind === 'pooled',
  raise(ctx) {
    if (ctx.opType !== 'Flatten') {
      ctx.passThrough({ kind: 'pooled', mode: ctx.opType === 'GlobalMaxPool' ? 'max' : 'avg' });
      return;
    }
    const source = flattenSource(ctx);
    const mode = source?.kind === 'pooled' ? source.mode : 'avg';
    ctx.add({ id: ctx.id, op: 'globalPool', inputs: ctx.inputs, mode });
  },
};

export const raiseFlatten: Raising = {
  onnxOps: ['Transpose', 'Flatten'],
  raise(ctx) {
    if (ctx.opType === 'Transpose') {
      ctx.passThrough({ kind: 'transposed' });
      return;
    }
    const source = flattenSource(ctx);
    ctx.add({ id: ctx.id, op: 'flatten', inputs: ctx.inputs });
    if (source === undefined) ctx.setFlatSource(ctx.id, { kind: 'nchw', shape: ctx.inputShape });
  },
};

export const raiseDense: Raising = {
  onnxOps: ['Gemm'],
  raise(ctx) {
    const { node } = ctx;
    const plain =
      intAttr(node, 'transA', 0) === 0 &&
      intAttr(node, 'transB', 0) === 0 &&
      floatAttr(node, 'alpha', 1) === 1 &&
      floatAttr(node, 'beta', 1) === 1;
    if (!plain) throw ctx.unsupported('only plain Gemm is imported');
    const weight = ctx.initializer(1);
    const units = weight.shape[1];
    if (weight.shape.length !== 2 || units === undefined)
      throw ctx.unsupported(`weight dims [${weight.shape.join(', ')}] are not 2-D`);
    const source = ctx.flatSource(ctx.inputs[0] ?? '');
    const kernel =
      source?.kind === 'nchw' && source.shape.length === 3 ? nchwRowsToNhwc(weight, source.shape) : weight;
    ctx.add(
      { id: ctx.id, op: 'dense', inputs: ctx.inputs, units, useBias: ctx.hasInput(2) },
      { kernel, ...(ctx.hasInput(2) ? { bias: { shape: [units], data: ctx.initializer(2).data } } : {}) },
    );
  },
};
