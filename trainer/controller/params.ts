// The controller's weights as tf variables, initialised in JS from a seed so every backend starts
// from the same numbers: Glorot uniform kernels, zero biases (the update gate's bias at 1, so a
// fresh GRU leans towards keeping its state — the usual choice for stable early training).
import type { Tf } from '../backend/index.ts';
import type * as tfc from '@tensorflow/tfjs-core';
import { createRandom, deriveSeed, type Random } from '../model/random.ts';

/** One GRU (the reset-after form): gates z, r and candidate n from input x and state h. */
export interface GruParams {
  /** [input, 3·hidden]: x's weights for z, r and n side by side. */
  readonly wx: tfc.Variable;
  /** [hidden, 2·hidden]: h's weights for z and r. */
  readonly uzr: tfc.Variable;
  /** [hidden, hidden]: h's weights for n (scaled by r). */
  readonly un: tfc.Variable;
  /** [3·hidden] */
  readonly bias: tfc.Variable;
}

export interface ControllerParams {
  /** Block embedding: the block's concatenated one-hots → embeddingUnits (ReLU). */
  readonly embedKernel: tfc.Variable;
  readonly embedBias: tfc.Variable;
  readonly encoder: GruParams;
  readonly ranker: GruParams;
  /** Score head on [ranking state; candidate feature; candidate − parent feature] → 1. */
  readonly headKernel: tfc.Variable;
  readonly headBias: tfc.Variable;
}

export interface ParamSizes {
  readonly blockFeatures: number;
  readonly embeddingUnits: number;
  readonly hiddenUnits: number;
}

function glorot(random: Random, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = (random.next() * 2 - 1) * limit;
  return out;
}

/** A variable holding `init`'s values; the temporary tensor is freed (a variable copies its value). */
function variable(tf: Tf, init: tfc.Tensor, name: string): tfc.Variable {
  const v = tf.variable(init, true, name);
  init.dispose();
  return v;
}

function createGru(tf: Tf, random: Random, input: number, hidden: number, name: string): GruParams {
  const bias = new Float32Array(3 * hidden);
  bias.fill(1, 0, hidden);
  return {
    wx: variable(tf, tf.tensor2d(glorot(random, input, 3 * hidden), [input, 3 * hidden]), `${name}_wx`),
    uzr: variable(tf, tf.tensor2d(glorot(random, hidden, 2 * hidden), [hidden, 2 * hidden]), `${name}_uzr`),
    un: variable(tf, tf.tensor2d(glorot(random, hidden, hidden), [hidden, hidden]), `${name}_un`),
    bias: variable(tf, tf.tensor1d(bias), `${name}_bias`),
  };
}

let instances = 0;

export function createParams(tf: Tf, sizes: ParamSizes, seed: number): ControllerParams {
  // Variable names must be unique per process; the suffix keeps several controllers apart.
  const id = `controller${instances++}`;
  const random = createRandom(deriveSeed(seed, 'controller-weights'));
  const { blockFeatures: bf, embeddingUnits: e, hiddenUnits: h } = sizes;
  return {
    embedKernel: variable(tf, tf.tensor2d(glorot(random, bf, e), [bf, e]), `${id}_embed_kernel`),
    embedBias: variable(tf, tf.zeros([e]), `${id}_embed_bias`),
    encoder: createGru(tf, random, e, h, `${id}_encoder`),
    ranker: createGru(tf, random, h, h, `${id}_ranker`),
    headKernel: variable(tf, tf.tensor2d(glorot(random, 3 * h, 1), [3 * h, 1]), `${id}_head_kernel`),
    headBias: variable(tf, tf.zeros([1]), `${id}_head_bias`),
  };
}

export function paramList(p: ControllerParams): tfc.Variable[] {
  const gru = (g: GruParams): tfc.Variable[] => [g.wx, g.uzr, g.un, g.bias];
  return [p.embedKernel, p.embedBias, ...gru(p.encoder), ...gru(p.ranker), p.headKernel, p.headBias];
}

export function disposeParams(p: ControllerParams): void {
  for (const v of paramList(p)) v.dispose();
}
