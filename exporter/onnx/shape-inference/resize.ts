// Resize (opset 10: X, scales; opset 11+: X, roi, scales, sizes; opset 18: axes) and Upsample
// (scales attribute in opset 7, input in 9). Output = floor(dim × scale) or the given sizes.
import { info, normalizeAxis } from './helpers.ts';
import type { OpShapeRule, ShapeContext, TensorInfo } from './types.ts';

function scaled(
  ctx: ShapeContext,
  x: TensorInfo,
  scales: readonly number[],
  axes: readonly number[],
): TensorInfo[] {
  if (scales.length !== axes.length) ctx.fail(`${scales.length} scales for ${axes.length} axes`);
  const dims = [...x.dims];
  axes.forEach((a, i) => {
    dims[a] = Math.floor((x.dims[a] ?? 0) * (scales[i] ?? 1));
  });
  return [info(x.dtype, dims)];
}

function resize(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  const rank = x.dims.length;
  const axes = (ctx.attrs.ints('axes') ?? x.dims.map((_, i) => i)).map((a) => normalizeAxis(ctx, a, rank));
  if (ctx.opset < 11 && ctx.inputCount === 2) return scaled(ctx, x, ctx.constValues(1, 'scales'), axes);
  const sizesInput = ctx.input(3);
  if (sizesInput && (sizesInput.dims[0] ?? 0) > 0) {
    const policy = ctx.attrs.string('keep_aspect_ratio_policy') ?? 'stretch';
    if (policy !== 'stretch') ctx.unsupported(`keep_aspect_ratio_policy '${policy}' is not supported`);
    const sizes = ctx.constValues(3, 'sizes');
    if (sizes.length !== axes.length) ctx.fail(`${sizes.length} sizes for ${axes.length} axes`);
    const dims = [...x.dims];
    axes.forEach((a, i) => {
      dims[a] = sizes[i] ?? 0;
    });
    return [info(x.dtype, dims)];
  }
  return scaled(ctx, x, ctx.constValues(2, 'scales'), axes);
}

function upsample(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  const scales = ctx.attrs.floats('scales') ?? ctx.constValues(1, 'scales');
  return scaled(
    ctx,
    x,
    scales,
    x.dims.map((_, i) => i),
  );
}

export const resizeRules: readonly OpShapeRule[] = [
  { opType: 'Resize', infer: resize },
  { opType: 'Upsample', infer: upsample },
];
