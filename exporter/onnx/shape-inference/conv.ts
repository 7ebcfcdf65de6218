// Conv and ConvTranspose: N × C × spatial… with grouped (depthwise) weights, strides,
// dilations, explicit pads or auto_pad.
import { info } from './helpers.ts';
import type { OpShapeRule, ShapeContext, TensorInfo } from './types.ts';
import { readWindow, windowOutputDims } from './window.ts';

function checkRanks(ctx: ShapeContext, x: TensorInfo, w: TensorInfo): number {
  if (x.dims.length < 3) ctx.fail(`input has rank ${x.dims.length}; expected N × C × spatial…`);
  if (w.dims.length !== x.dims.length)
    ctx.fail(`weight rank ${w.dims.length} differs from input rank ${x.dims.length}`);
  return x.dims.length - 2;
}

function conv(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  const w = ctx.required(1);
  const spatial = checkRanks(ctx, x, w);
  const group = ctx.attrs.int('group') ?? 1;
  const [n = 0, c = 0] = x.dims;
  const [m = 0, cPerGroup = 0] = w.dims;
  if (c !== cPerGroup * group) {
    ctx.fail(`input has ${c} channels but the weight expects ${cPerGroup} × group ${group}`);
  }
  const win = readWindow(ctx, spatial, w.dims.slice(2));
  return [info(x.dtype, [n, m, ...windowOutputDims(ctx, win, x.dims.slice(2), false)])];
}

function convTranspose(ctx: ShapeContext): TensorInfo[] {
  const x = ctx.required(0);
  const w = ctx.required(1);
  const spatial = checkRanks(ctx, x, w);
  const group = ctx.attrs.int('group') ?? 1;
  const [n = 0, c = 0] = x.dims;
  if (c !== (w.dims[0] ?? 0)) ctx.fail(`input has ${c} channels but the weight expects ${w.dims[0] ?? 0}`);
  const channels = (w.dims[1] ?? 0) * group;
  const explicit = ctx.attrs.ints('output_shape');
  if (explicit) {
    return [info(x.dtype, [n, channels, ...explicit.slice(-spatial)])];
  }
  const win = readWindow(ctx, spatial, w.dims.slice(2));
  const outputPadding = ctx.attrs.ints('output_padding') ?? new Array<number>(spatial).fill(0);
  const dims = x.dims.slice(2).map((inSize, i) => {
    const s = win.strides[i] ?? 1;
    if (win.autoPad === 'SAME_UPPER' || win.autoPad === 'SAME_LOWER') return inSize * s;
    const pad = win.autoPad === 'VALID' ? 0 : (win.padTotals[i] ?? 0);
    const k = win.kernel[i] ?? 1;
    const d = win.dilations[i] ?? 1;
    return s * (inSize - 1) + (outputPadding[i] ?? 0) + (k - 1) * d + 1 - pad;
  });
  return [info(x.dtype, [n, channels, ...dims])];
}

export const convRules: readonly OpShapeRule[] = [
  { opType: 'Conv', infer: conv },
  { opType: 'ConvTranspose', infer: convTranspose },
];
