// A GRU built from tfjs-core ops (tfjs-core has no recurrent layer), differentiable through
// tf.variableGrads. The reset-after form, as cuDNN and Keras use it:
//   z = σ(x·Wz + h·Uz + bz)   r = σ(x·Wr + h·Ur + br)   n = tanh(x·Wn + bn + r ⊙ (h·Un))
//   h' = (1 − z) ⊙ n + z ⊙ h
// The input projections of every step are one matMul before the loop; per step only h's matMuls
// and the gates remain — op count per step, not FLOPs, is what costs at these sizes.
import type * as tfc from '@tensorflow/tfjs-core';
import type { Tf } from '../backend/index.ts';
import { plainMatMul } from './mat-mul.ts';
import type { GruParams } from './params.ts';

/**
 * Runs the GRU over `inputs` [batch, steps, features] from a zero state and returns the state
 * after every step ([batch, hidden] each). Call inside tf.tidy.
 */
export function gruSequence(tf: Tf, p: GruParams, inputs: tfc.Tensor3D): tfc.Tensor2D[] {
  const matMul = plainMatMul(tf);
  const [batch, steps, features] = inputs.shape;
  const hidden = p.un.shape[0]!;
  const projected = tf.add(matMul(tf.reshape(inputs, [batch * steps, features]), p.wx), p.bias);
  const [xzr, xn] = tf.split(tf.reshape(projected, [batch, steps, 3 * hidden]), [2 * hidden, hidden], 2) as [
    tfc.Tensor3D,
    tfc.Tensor3D,
  ];
  const zrSteps = tf.unstack(xzr, 1) as tfc.Tensor2D[];
  const nSteps = tf.unstack(xn, 1) as tfc.Tensor2D[];
  const states: tfc.Tensor2D[] = [];
  let h: tfc.Tensor2D | undefined;
  for (let t = 0; t < steps; t++) {
    const gates = tf.sigmoid(h === undefined ? zrSteps[t]! : tf.add(zrSteps[t]!, matMul(h, p.uzr)));
    const z = tf.slice(gates, [0, 0], [batch, hidden]);
    let n: tfc.Tensor2D = nSteps[t]!;
    if (h !== undefined)
      n = tf.add(n, tf.mul(tf.slice(gates, [0, hidden], [batch, hidden]), matMul(h, p.un)));
    const candidate = tf.tanh(n);
    // From the zero state h' = (1 − z) ⊙ n.
    h =
      h === undefined
        ? tf.sub(candidate, tf.mul(z, candidate))
        : tf.add(candidate, tf.mul(z, tf.sub(h, candidate)));
    states.push(h);
  }
  return states;
}
