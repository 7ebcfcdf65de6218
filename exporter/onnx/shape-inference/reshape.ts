// Operators that only rearrange dims: Reshape (0 copies, -1 infers, allowzero), Flatten,
// Squeeze and Unsqueeze (axes as attribute before opset 13, as input from 13). Values pass through.
import { numel } from '../tensor-info.ts';
import { info, normalizeAxis } from './helpers.ts';
import type { OpShapeRule, ShapeContext, TensorInfo } from './types.ts';

function reshape(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  // Opset 1–4 took the shape as an attribute.
  const target = ctx.attrs.ints('shape') ?? ctx.constValues(1, 'target shape');
  const allowZero = (ctx.attrs.int('allowzero') ?? 0) === 1;
  const dims = target.map((d, i) =>
    d === 0 && !allowZero
      ? (x.dims[i] ?? ctx.fail(`shape entry ${i} is 0 but the input has rank ${x.dims.length}`))
      : d,
  );
  const unknown = dims.filter((d) => d === -1).length;
  if (unknown > 1) ctx.fail('the target shape has more than one -1');
  const known = numel(dims.filter((d) => d !== -1));
  const total = numel(x.dims);
  if (unknown === 1) {
    if (known === 0 || total % known !== 0)
      ctx.fail(`cannot reshape [${x.dims.join(', ')}] to [${target.join(', ')}]`);
    dims[dims.indexOf(-1)] = total / known;
  } else if (known !== total) {
    ctx.fail(`cannot reshape [${x.dims.join(', ')}] (${total} elements) to [${dims.join(', ')}]`);
  }
  if (dims.some((d) => d < 0)) ctx.fail(`invalid target shape [${target.join(', ')}]`);
  return [info(x.dtype, dims, x.value)];
}

function flatten(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  const rank = x.dims.length;
  const raw = ctx.attrs.int('axis') ?? 1;
  const axis = raw < 0 ? raw + rank : raw;
  if (axis < 0 || axis > rank) ctx.fail(`axis ${raw} is out of range for rank ${rank}`);
  return [info(x.dtype, [numel(x.dims.slice(0, axis)), numel(x.dims.slice(axis))], x.value)];
}

/** Axes from the attribute (old opsets) or the optional second input (opset ≥ 13). */
function axesOf(ctx: ShapeContext): readonly number[] | undefined {
  return ctx.attrs.ints('axes') ?? (ctx.input(1) ? ctx.constValues(1, 'axes') : undefined);
}

function squeeze(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  const given = axesOf(ctx);
  const axes = given
    ? given.map((a) => normalizeAxis(ctx, a, x.dims.length))
    : x.dims.flatMap((d, i) => (d === 1 ? [i] : []));
  for (const a of axes) if (x.dims[a] !== 1) ctx.fail(`axis ${a} has size ${x.dims[a] ?? '?'}, not 1`);
  return [
    info(
      x.dtype,
      x.dims.filter((_, i) => !axes.includes(i)),
      x.value,
    ),
  ];
}

function unsqueeze(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  const given = axesOf(ctx) ?? ctx.fail('axes are missing');
  const rank = x.dims.length + given.length;
  const axes = given.map((a) => normalizeAxis(ctx, a, rank));
  const rest = [...x.dims];
  const dims = Array.from({ length: rank }, (_, i) => (axes.includes(i) ? 1 : (rest.shift() ?? 1)));
  return [info(x.dtype, dims, x.value)];
}

export const reshapeRules: readonly OpShapeRule[] = [
  { opType: 'Reshape', infer: reshape },
  { opType: 'Flatten', infer: flatten },
  { opType: 'Squeeze', infer: squeeze },
  { opType: 'Unsqueeze', infer: unsqueeze },
];
