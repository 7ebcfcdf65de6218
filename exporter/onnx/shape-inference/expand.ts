// Expand (broadcast to a shape given as input) and Tile (repeat counts given as input).
import { broadcastDims, evalElementwise, info } from './helpers.ts';
import type { OpShapeRule, ShapeContext, TensorInfo } from './types.ts';

function expand(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  const shape = ctx.constValues(1, 'shape');
  const dims = broadcastDims(ctx, [x.dims, shape]);
  return [
    info(
      x.dtype,
      dims,
      evalElementwise([x], dims, x.dtype, (xs) => xs[0] ?? 0),
    ),
  ];
}

function tile(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  const repeats = ctx.constValues(1, 'repeats');
  if (repeats.length !== x.dims.length) ctx.fail(`${repeats.length} repeats for rank ${x.dims.length}`);
  return [
    info(
      x.dtype,
      x.dims.map((d, i) => d * (repeats[i] ?? 1)),
    ),
  ];
}

export const expandRules: readonly OpShapeRule[] = [
  { opType: 'Expand', infer: expand },
  { opType: 'Tile', infer: tile },
];
