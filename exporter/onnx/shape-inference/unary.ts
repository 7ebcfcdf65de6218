// Operators whose single output has the input's shape: activations, normalisations, softmax,
// math functions. Simple ones also fold known values, for shape arithmetic exporters emit.
import { DataType } from '../tensor-info.ts';
import { castValue, info } from './helpers.ts';
import type { OpShapeRule, ShapeContext, TensorInfo } from './types.ts';

type ValueFn = (x: number) => number;

function sameShape(fn?: ValueFn, outDtype?: number) {
  return (ctx: ShapeContext): TensorInfo[] => {
    const x = ctx.required(0);
    const dtype = outDtype ?? x.dtype;
    const value = fn && x.value ? x.value.map((v) => castValue(dtype, fn(v))) : undefined;
    return [info(dtype, x.dims, value)];
  };
}

const FOLDING: Readonly<Record<string, ValueFn>> = {
  Identity: (x) => x,
  Neg: (x) => -x,
  Abs: (x) => Math.abs(x),
  Floor: (x) => Math.floor(x),
  Ceil: (x) => Math.ceil(x),
  // ONNX rounds half to even.
  Round: (x) => (Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x)),
  Sign: (x) => Math.sign(x),
  Relu: (x) => Math.max(0, x),
  Not: (x) => (x ? 0 : 1),
  Sqrt: (x) => Math.sqrt(x),
  Reciprocal: (x) => 1 / x,
  Exp: (x) => Math.exp(x),
  Log: (x) => Math.log(x),
};

const PLAIN = [
  'LeakyRelu',
  'Sigmoid',
  'Tanh',
  'HardSwish',
  'HardSigmoid',
  'Elu',
  'Selu',
  'Celu',
  'Erf',
  'Softmax',
  'LogSoftmax',
  'Hardmax',
  'LRN',
  'InstanceNormalization',
  'Softplus',
  'Softsign',
  'Mish',
  'Gelu',
  'ThresholdedRelu',
  'Sin',
  'Cos',
  'Tan',
  'Asin',
  'Acos',
  'Atan',
  'Sinh',
  'Cosh',
  'Asinh',
  'Acosh',
  'Atanh',
  'Shrink',
  'MeanVarianceNormalization',
  'LpNormalization',
  'Clip',
  'PRelu',
  'CumSum',
  'BitwiseNot',
];

export const unaryRules: readonly OpShapeRule[] = [
  ...Object.entries(FOLDING).map(([opType, fn]) => ({ opType, infer: sameShape(fn) })),
  ...PLAIN.map((opType) => ({ opType, infer: sameShape() })),
  { opType: 'IsNaN', infer: sameShape(undefined, DataType.BOOL) },
  { opType: 'IsInf', infer: sameShape(undefined, DataType.BOOL) },
  {
    // Opset ≥ 12 has an optional boolean mask output of the same shape.
    opType: 'Dropout',
    infer: (ctx) => {
      const x = ctx.required(0);
      return [info(x.dtype, x.dims, x.value), { dtype: DataType.BOOL, dims: x.dims }];
    },
  },
  {
    opType: 'Cast',
    infer: (ctx) => {
      const to = ctx.attrs.int('to') ?? ctx.fail("attribute 'to' is missing");
      return sameShape((v) => v, to)(ctx);
    },
  },
  {
    opType: 'CastLike',
    infer: (ctx) => sameShape((v) => v, ctx.required(1).dtype)(ctx),
  },
];
