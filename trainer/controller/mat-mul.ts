// matMul with a gradient that never asks the backend for a transposed product. tfjs-core's own
// gradient of matMul uses transposeA/transposeB, which the wasm backend runs 10–25× slower than
// a plain product (measured: [1050,64]ᵀ·[1050,300] took 47 ms, transpose then matMul ~3 ms);
// transposing explicitly first keeps backprop through the GRUs as fast as the forward pass.
import type * as tfc from '@tensorflow/tfjs-core';
import type { Tf } from '../backend/index.ts';

export type MatMul = (a: tfc.Tensor, b: tfc.Tensor) => tfc.Tensor2D;

const cache = new WeakMap<Tf, MatMul>();

export function plainMatMul(tf: Tf): MatMul {
  let f = cache.get(tf);
  if (f === undefined) {
    const custom = tf.customGrad((...args: (tfc.Tensor | tfc.GradSaveFunc)[]) => {
      const a = args[0] as tfc.Tensor2D;
      const b = args[1] as tfc.Tensor2D;
      const save = args[2] as tfc.GradSaveFunc;
      save([a, b]);
      return {
        value: tf.matMul(a, b),
        gradFunc: (dy: tfc.Tensor, saved: tfc.Tensor[]) => {
          const [sa, sb] = saved as [tfc.Tensor2D, tfc.Tensor2D];
          return [
            tf.matMul(dy as tfc.Tensor2D, tf.transpose(sb)),
            tf.matMul(tf.transpose(sa), dy as tfc.Tensor2D),
          ];
        },
      };
    });
    f = (a, b) => custom(a, b) as tfc.Tensor2D;
    cache.set(tf, f);
  }
  return f;
}
