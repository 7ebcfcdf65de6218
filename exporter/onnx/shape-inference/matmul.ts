// Gemm (2-D, transA/transB, broadcast bias) and MatMul (numpy matmul: 1-D promotion and batch
// broadcasting).
import { broadcastDims, info } from './helpers.ts';
import type { OpShapeRule, ShapeContext, TensorInfo } from './types.ts';

function gemm(ctx: ShapeContext): TensorInfo[] {
  const a = ctx.required(0);
  const b = ctx.required(1);
  if (a.dims.length !== 2 || b.dims.length !== 2) {
    ctx.fail(`inputs must be 2-D, got [${a.dims.join(', ')}] and [${b.dims.join(', ')}]`);
  }
  const [a0 = 0, a1 = 0] = a.dims;
  const [b0 = 0, b1 = 0] = b.dims;
  const [m, k] = (ctx.attrs.int('transA') ?? 0) ? [a1, a0] : [a0, a1];
  const [kb, n] = (ctx.attrs.int('transB') ?? 0) ? [b1, b0] : [b0, b1];
  if (k !== kb) ctx.fail(`inner dimensions differ (${k} vs ${kb})`);
  return [info(a.dtype, [m, n])];
}

function matmul(ctx: ShapeContext): TensorInfo[] {
  const a = ctx.required(0);
  const b = ctx.required(1);
  if (a.dims.length === 0 || b.dims.length === 0) ctx.fail('inputs must have rank ≥ 1');
  const ad = a.dims.length === 1 ? [1, ...a.dims] : [...a.dims];
  const bd = b.dims.length === 1 ? [...b.dims, 1] : [...b.dims];
  const k = ad[ad.length - 1];
  if (k !== bd[bd.length - 2]) {
    ctx.fail(`inner dimensions differ: [${a.dims.join(', ')}] × [${b.dims.join(', ')}]`);
  }
  const batch = broadcastDims(ctx, [ad.slice(0, -2), bd.slice(0, -2)]);
  const dims = [...batch];
  if (a.dims.length > 1) dims.push(ad[ad.length - 2] ?? 0);
  if (b.dims.length > 1) dims.push(bd[bd.length - 1] ?? 0);
  return [info(a.dtype, dims)];
}

export const matmulRules: readonly OpShapeRule[] = [
  { opType: 'Gemm', infer: gemm },
  { opType: 'MatMul', infer: matmul },
];
