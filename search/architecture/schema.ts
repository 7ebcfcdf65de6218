// The zod schema of the architecture JSON as users write it: shorthand allowed (a kernel of 3
// means [3, 3]), defaults filled in, so everything downstream sees one normalized form.
import { z } from 'zod';
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION } from './types.ts';
import type { Pair } from './types.ts';

const positiveInt = z.number().int().positive();

/** A number n means [n, n]. */
const pair = z
  .union([positiveInt, z.tuple([positiveInt, positiveInt])])
  .transform((v): Pair => (typeof v === 'number' ? [v, v] : [v[0], v[1]]));

const id = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9_.:/-]+$/, 'ids may hold letters, digits and _ . : / - only');

const base = {
  id,
  inputs: z.array(z.string().min(1)).min(1),
};

const padding = z.enum(['same', 'valid']).default('same');

const conv = z.strictObject({
  ...base,
  op: z.literal('conv'),
  filters: positiveInt,
  kernel: pair,
  strides: pair.default([1, 1]),
  dilations: pair.default([1, 1]),
  padding,
  useBias: z.boolean().default(true),
});

const depthwiseConv = z.strictObject({
  ...base,
  op: z.literal('depthwiseConv'),
  kernel: pair,
  strides: pair.default([1, 1]),
  dilations: pair.default([1, 1]),
  padding,
  multiplier: positiveInt.default(1),
  useBias: z.boolean().default(true),
});

const pool = z.strictObject({
  ...base,
  op: z.enum(['maxPool', 'avgPool']),
  pool: pair,
  strides: pair.optional(),
  padding,
});

const batchNorm = z.strictObject({
  ...base,
  op: z.literal('batchNorm'),
  epsilon: z.number().positive().default(1e-3),
});

const activation = z.strictObject({
  ...base,
  op: z.literal('activation'),
  fn: z.enum(['relu', 'relu6', 'sigmoid', 'tanh', 'hardSwish', 'hardSigmoid']),
});

const add = z.strictObject({ ...base, op: z.literal('add') });
const concat = z.strictObject({ ...base, op: z.literal('concat') });
const globalPool = z.strictObject({
  ...base,
  op: z.literal('globalPool'),
  mode: z.enum(['avg', 'max']).default('avg'),
});
const flatten = z.strictObject({ ...base, op: z.literal('flatten') });
const dense = z.strictObject({
  ...base,
  op: z.literal('dense'),
  units: positiveInt,
  useBias: z.boolean().default(true),
});

/** One schema per op, keyed by the op name; the registry in ops/ mirrors these keys. */
export const nodeSchemas = {
  conv,
  depthwiseConv,
  maxPool: pool,
  avgPool: pool,
  batchNorm,
  activation,
  add,
  concat,
  globalPool,
  flatten,
  dense,
} as const;

export const knownOps = Object.keys(nodeSchemas);

/** Top level, nodes left raw: each node is parsed by its own op's schema so errors name it. */
export const architectureEnvelope = z.strictObject({
  format: z.literal(ARCHITECTURE_FORMAT),
  version: z.literal(ARCHITECTURE_VERSION),
  name: z.string().min(1).default('unnamed'),
  input: z.strictObject({
    name: id.default('input'),
    shape: z.tuple([positiveInt, positiveInt, positiveInt]),
  }),
  classes: z.number().int().min(2),
  nodes: z.array(z.unknown()).min(1),
  output: z.string().min(1),
  genotype: z.unknown().optional(),
});
