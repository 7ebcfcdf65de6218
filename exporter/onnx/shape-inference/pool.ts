// Windowed and global pooling: MaxPool (with its optional indices output), AveragePool, LpPool,
// GlobalAveragePool, GlobalMaxPool, GlobalLpPool.
import { DataType } from '../tensor-info.ts';
import { info } from './helpers.ts';
import type { OpShapeRule, ShapeContext, TensorInfo } from './types.ts';
import { readWindow, windowOutputDims } from './window.ts';

function pool(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  if (x.dims.length < 3) ctx.fail(`input has rank ${x.dims.length}; expected N × C × spatial…`);
  const win = readWindow(ctx, x.dims.length - 2);
  const ceil = (ctx.attrs.int('ceil_mode') ?? 0) === 1;
  const dims = [...x.dims.slice(0, 2), ...windowOutputDims(ctx, win, x.dims.slice(2), ceil)];
  // MaxPool's second output holds int64 indices of the same shape.
  return [info(x.dtype, dims), { dtype: DataType.INT64, dims }];
}

function globalPool(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  if (x.dims.length < 3) ctx.fail(`input has rank ${x.dims.length}; expected N × C × spatial…`);
  return [info(x.dtype, [...x.dims.slice(0, 2), ...x.dims.slice(2).map(() => 1)])];
}

export const poolRules: readonly OpShapeRule[] = [
  { opType: 'MaxPool', infer: pool },
  { opType: 'AveragePool', infer: pool },
  { opType: 'LpPool', infer: pool },
  { opType: 'GlobalAveragePool', infer: globalPool },
  { opType: 'GlobalMaxPool', infer: globalPool },
  { opType: 'GlobalLpPool', infer: globalPool },
];
