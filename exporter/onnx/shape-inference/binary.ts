// Element-wise operators with numpy broadcasting (two or more inputs), comparisons producing
// booleans, and Where. Known small values are folded, since PyTorch exports compute shapes with them.
import { DataType } from '../tensor-info.ts';
import { broadcastDims, evalElementwise, info } from './helpers.ts';
import type { OpShapeRule, ShapeContext, TensorInfo } from './types.ts';

type Fold = (xs: number[], ctx: ShapeContext) => number;

function presentInputs(ctx: ShapeContext): TensorInfo[] {
  const out: TensorInfo[] = [];
  for (let i = 0; i < ctx.inputCount; i++) {
    const t = ctx.input(i);
    if (t) out.push(t);
  }
  if (out.length === 0) ctx.fail('it has no inputs');
  return out;
}

function elementwise(fold: Fold, boolOut = false) {
  return (ctx: ShapeContext): TensorInfo[] => {
    const inputs = presentInputs(ctx);
    const dims = broadcastDims(
      ctx,
      inputs.map((t) => t.dims),
    );
    const dtype = boolOut ? DataType.BOOL : (inputs[0]?.dtype ?? DataType.FLOAT);
    return [
      info(
        dtype,
        dims,
        evalElementwise(inputs, dims, dtype, (xs) => fold(xs, ctx)),
      ),
    ];
  };
}

const a = (xs: number[]): number => xs[0] ?? 0;
const b = (xs: number[]): number => xs[1] ?? 0;

function mod(xs: number[], ctx: ShapeContext): number {
  const r = a(xs) % b(xs);
  // fmod=0 takes the divisor's sign (Python's %), fmod=1 the dividend's (C's fmod).
  if ((ctx.attrs.int('fmod') ?? 0) === 1) return r;
  return r !== 0 && Math.sign(r) !== Math.sign(b(xs)) ? r + b(xs) : r;
}

export const binaryRules: readonly OpShapeRule[] = [
  { opType: 'Add', infer: elementwise((xs) => a(xs) + b(xs)) },
  { opType: 'Sub', infer: elementwise((xs) => a(xs) - b(xs)) },
  { opType: 'Mul', infer: elementwise((xs) => a(xs) * b(xs)) },
  { opType: 'Div', infer: elementwise((xs) => a(xs) / b(xs)) },
  { opType: 'Pow', infer: elementwise((xs) => a(xs) ** b(xs)) },
  { opType: 'Mod', infer: elementwise(mod) },
  { opType: 'Min', infer: elementwise((xs) => Math.min(...xs)) },
  { opType: 'Max', infer: elementwise((xs) => Math.max(...xs)) },
  { opType: 'Sum', infer: elementwise((xs) => xs.reduce((s, x) => s + x, 0)) },
  { opType: 'Mean', infer: elementwise((xs) => xs.reduce((s, x) => s + x, 0) / xs.length) },
  {
    opType: 'BitShift',
    infer: elementwise((xs, ctx) =>
      ctx.attrs.string('direction') === 'LEFT' ? a(xs) * 2 ** b(xs) : Math.floor(a(xs) / 2 ** b(xs)),
    ),
  },
  { opType: 'BitwiseAnd', infer: elementwise((xs) => a(xs) & b(xs)) },
  { opType: 'BitwiseOr', infer: elementwise((xs) => a(xs) | b(xs)) },
  { opType: 'BitwiseXor', infer: elementwise((xs) => a(xs) ^ b(xs)) },
  { opType: 'And', infer: elementwise((xs) => (a(xs) && b(xs) ? 1 : 0), true) },
  { opType: 'Or', infer: elementwise((xs) => (a(xs) || b(xs) ? 1 : 0), true) },
  { opType: 'Xor', infer: elementwise((xs) => (!a(xs) !== !b(xs) ? 1 : 0), true) },
  { opType: 'Equal', infer: elementwise((xs) => (a(xs) === b(xs) ? 1 : 0), true) },
  { opType: 'Less', infer: elementwise((xs) => (a(xs) < b(xs) ? 1 : 0), true) },
  { opType: 'LessOrEqual', infer: elementwise((xs) => (a(xs) <= b(xs) ? 1 : 0), true) },
  { opType: 'Greater', infer: elementwise((xs) => (a(xs) > b(xs) ? 1 : 0), true) },
  { opType: 'GreaterOrEqual', infer: elementwise((xs) => (a(xs) >= b(xs) ? 1 : 0), true) },
  {
    opType: 'Where',
    infer: (ctx) => {
      const inputs = [ctx.required(0), ctx.required(1), ctx.required(2)];
      const dims = broadcastDims(
        ctx,
        inputs.map((t) => t.dims),
      );
      const dtype = inputs[1]?.dtype ?? DataType.FLOAT;
      return [
        info(
          dtype,
          dims,
          evalElementwise(inputs, dims, dtype, (xs) => (xs[0] ? (xs[1] ?? 0) : (xs[2] ?? 0))),
        ),
      ];
    },
  },
];
