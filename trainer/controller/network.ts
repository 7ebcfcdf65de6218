// The controller network (METHOD.md §5) as a pure function of its weights: each block's cell
// tuples → a dense embedding → the encoder GRU across the five blocks, whose last state is the
// candidate's feature vector; the features of a parent and its candidates → the ranking GRU, so
// each score depends on the siblings read before it; [ranking state; feature; feature − parent's
// feature] → a dense score.
import type * as tfc from '@tensorflow/tfjs-core';
import type { Tf } from '../backend/index.ts';
import { ENCODED_BLOCKS } from '../../search/controller/encoding.ts';
import { gruSequence } from './gru.ts';
import { plainMatMul } from './mat-mul.ts';
import type { ControllerParams } from './params.ts';

/** Encodings [rows, ENCODED_BLOCKS·blockFeatures] → feature vectors [rows, hidden]. */
export function encodeCandidates(tf: Tf, p: ControllerParams, encodings: tfc.Tensor2D): tfc.Tensor2D {
  const matMul = plainMatMul(tf);
  const rows = encodings.shape[0];
  const blockFeatures = p.embedKernel.shape[0]!;
  const embeddingUnits = p.embedKernel.shape[1]!;
  const blocks = tf.reshape(encodings, [rows * ENCODED_BLOCKS, blockFeatures]);
  const embedded = tf.relu(tf.add(matMul(blocks, p.embedKernel), p.embedBias));
  const states = gruSequence(tf, p.encoder, tf.reshape(embedded, [rows, ENCODED_BLOCKS, embeddingUnits]));
  return states[states.length - 1]!;
}

/**
 * Scores sequences. `encodings` is [sequences, 1 + length, candidate features]: position 0 of
 * each sequence is the parent, the rest its candidates in reading order (zero rows pad a short
 * sequence at its end, which cannot affect the real positions before it). Returns [sequences, length].
 */
export function scoreSequences(tf: Tf, p: ControllerParams, encodings: tfc.Tensor3D): tfc.Tensor2D {
  const matMul = plainMatMul(tf);
  const [sequences, steps, width] = encodings.shape;
  const hidden = p.ranker.un.shape[0]!;
  const features = tf.reshape(encodeCandidates(tf, p, tf.reshape(encodings, [sequences * steps, width])), [
    sequences,
    steps,
    hidden,
  ]) as tfc.Tensor3D;
  const states = gruSequence(tf, p.ranker, features).slice(1);
  const ranked = tf.stack(states, 1) as tfc.Tensor3D;
  const own = tf.slice(features, [0, 1, 0], [sequences, steps - 1, hidden]);
  // The metric is relative to the parent, so the head also sees how each candidate differs from it.
  const change = tf.sub(own, tf.slice(features, [0, 0, 0], [sequences, 1, hidden]));
  const head = tf.reshape(tf.concat([ranked, own, change], 2), [sequences * (steps - 1), 3 * hidden]);
  return tf.reshape(tf.add(matMul(head, p.headKernel), p.headBias), [sequences, steps - 1]);
}
