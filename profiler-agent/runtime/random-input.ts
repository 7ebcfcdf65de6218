// Random input data for a model input at a given batch size: the shape resolution rule (first
// dimension is the batch) and a seeded generator, so every process feeds identical inputs and
// repeated measurements see the same data. Runtime-independent: ort-node and ort-web share it.
import { AgentError } from '../errors.ts';
import type { InputSpec } from './types.ts';

export type InputData =
  Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array | Int8Array | Uint16Array;

export interface RandomInput {
  readonly name: string;
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: InputData;
}

const isDynamic = (d: number | string): boolean => typeof d === 'string' || d < 0;

/**
 * The concrete shape of `input` at `batch`: a dynamic first dimension becomes `batch`; a fixed one
 * must equal it. Dynamic dimensions beyond the first have no sensible default, so they are refused.
 */
export function inputDims(input: InputSpec, batch: number): number[] {
  if (input.shape.length === 0) return [];
  return input.shape.map((d, i) => {
    if (i === 0) {
      if (isDynamic(d)) return batch;
      if (d !== batch) {
        throw new AgentError(
          'MODEL_UNSUPPORTED',
          `input '${input.name}' has a fixed batch dimension of ${d}, so it cannot run batch ${batch} (measure it with batches ${d})`,
        );
      }
      return d as number;
    }
    if (isDynamic(d)) {
      throw new AgentError(
        'MODEL_UNSUPPORTED',
        `input '${input.name}' has a dynamic dimension '${String(d)}' at axis ${i}; only the first (batch) dimension may be dynamic`,
      );
    }
    return d as number;
  });
}

/** mulberry32: small, fast, good enough for test data, and reproducible from a seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Floats are drawn in blocks of this many values, then tiled: a JS loop that draws each value
 * leaves a boxed number per element behind in a process without the optimising compiler (the
 * measuring child runs with --no-opt), and the JS heap keeps the pages it grew into resident. A
 * batch-8 input of 3×41×41 floats drawn value by value raised the run's measured peak by 1.4 MB
 * (a fire network's whole arena grows 0.9 MB from batch 1 to 8); tiled, a batch costs only its
 * typed array.
 */
const FLOAT_BLOCK = 16_384;

/**
 * Each seed's block, drawn once per process: the trivial model's input (seed 1) draws it before
 * the baseline is taken, so the real model's batches only copy it.
 */
const floatBlocks = new Map<number, Float32Array>();

function floatBlock(seed: number): Float32Array {
  let block = floatBlocks.get(seed);
  if (block === undefined) {
    const next = mulberry32(seed);
    block = new Float32Array(FLOAT_BLOCK);
    for (let i = 0; i < block.length; i++) block[i] = next() * 2 - 1;
    floatBlocks.set(seed, block);
  }
  return block;
}

/** `size` floats: the seed's block repeated (native copies, no per-value JS). */
function tiledFloats<T extends Float32Array | Float64Array>(data: T, seed: number): T {
  const block = floatBlock(seed);
  for (let at = 0; at < data.length; at += block.length)
    data.set(block.subarray(0, Math.min(block.length, data.length - at)), at);
  return data;
}

/** float32/float64 in [-1, 1); integers in [0, 10) so index-like inputs stay in range; bools 0/1. */
export function randomInput(input: InputSpec, batch: number, seed = 1): RandomInput {
  const dims = inputDims(input, batch);
  const size = dims.reduce((a, b) => a * b, 1);
  const next = mulberry32(seed);
  const fill = <T extends { length: number; [i: number]: number }>(arr: T, f: () => number): T => {
    for (let i = 0; i < arr.length; i++) arr[i] = f();
    return arr;
  };
  let data: InputData;
  switch (input.type) {
    case 'float32':
      data = tiledFloats(new Float32Array(size), seed);
      break;
    case 'float64':
      data = tiledFloats(new Float64Array(size), seed);
      break;
    case 'float16':
      // IEEE half bit patterns of values in [-1, 1): sign, exponent 1..14, random mantissa.
      data = fill(
        new Uint16Array(size),
        () => (next() < 0.5 ? 0x8000 : 0) | ((1 + Math.floor(next() * 14)) << 10) | Math.floor(next() * 1024),
      );
      break;
    case 'int32':
      data = fill(new Int32Array(size), () => Math.floor(next() * 10));
      break;
    case 'int64': {
      const big = new BigInt64Array(size);
      for (let i = 0; i < size; i++) big[i] = BigInt(Math.floor(next() * 10));
      data = big;
      break;
    }
    case 'uint8':
      data = fill(new Uint8Array(size), () => Math.floor(next() * 10));
      break;
    case 'int8':
      data = fill(new Int8Array(size), () => Math.floor(next() * 10));
      break;
    case 'bool':
      data = fill(new Uint8Array(size), () => (next() < 0.5 ? 0 : 1));
      break;
    default:
      throw new AgentError(
        'MODEL_UNSUPPORTED',
        `input '${input.name}' has element type '${input.type}', which the profiler cannot generate`,
      );
  }
  return { name: input.name, type: input.type, dims, data };
}
