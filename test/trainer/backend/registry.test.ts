// The backend registry: 'auto' picks the best backend that loads here (tfjs-node is not
// installable offline, so wasm), a forced unavailable backend fails with BACKEND_UNAVAILABLE and
// a fix, the wasm backend trains (tfjs-core's gradients plus ours are registered), and
// importing the module changes nothing.

import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { MemnasError } from '../../../search/errors.ts';

describe('trainer backend registry', () => {
  it('has no side effects on import', async () => {
    const kernelsBefore = tf.getKernelsForBackend('wasm').length;
    await import('../../../trainer/backend/index.ts');
    expect(tf.getKernelsForBackend('wasm').length).toBe(kernelsBefore);
    expect(tf.getGradient('Conv2D')).toBeUndefined();
  });

  it('fails a forced tfjs-node with BACKEND_UNAVAILABLE and how to fix it', async () => {
    const { initBackend } = await import('../../../trainer/backend/index.ts');
    const error = await initBackend('tfjs-node').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MemnasError);
    expect((error as MemnasError).code).toBe('BACKEND_UNAVAILABLE');
    expect((error as MemnasError).message).toMatch(/npm install @tensorflow\/tfjs-node/);
  });

  it("resolves 'auto' to wasm with one thread, ready to train", async () => {
    const { getTf, initBackend } = await import('../../../trainer/backend/index.ts');
    const info = await initBackend('auto');
    expect(info).toEqual({ name: 'wasm', threads: 1 });
    const tfc = getTf();
    expect(tfc.getBackend()).toBe('wasm');
    expect(tfc.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    const w = tfc.variable(tfc.tensor1d([1, -2]));
    const { grads } = tfc.variableGrads(() => tfc.sum(tfc.relu(tfc.mul(w, tfc.tensor1d([3, 3])))), [w]);
    expect(Array.from(grads[w.name]?.dataSync() ?? [])).toEqual([3, 0]);
  });

  it('rejects an unknown backend name', async () => {
    const { initBackend } = await import('../../../trainer/backend/index.ts');
    await expect(initBackend('gpu' as 'wasm')).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
  });
});
