// The one list of our wasm gradient kernels (STYLE.md §4), registered on the 'wasm' backend.
//
// Why kernels rather than gradient wrappers: the missing or slow pieces are *kernels*
// (Conv2DBackpropFilter/Input, the depthwise backprops, MaxPoolGrad, AvgPoolGrad, and the Tile
// and Slice/SplitV that the batch-norm and concat gradients use) which tfjs-core's gradients —
// including the fused-conv gradients, which bypass the gradient registry — already call.
// Registering them for backendName 'wasm' leaves every other backend untouched with no per-call
// backend check, and lets each kernel call wasm's XNNPACK kernels directly (wasm-ops.ts) with no
// engine overhead. Only dilation needs a gradient wrapper (dilated-conv-grads.ts): tfjs-core
// rejects dilated conv gradients itself, before any kernel runs.
// Called by the wasm backend entry after tfjs-core's own gradients are registered; idempotent.

import { getKernel, registerGradient, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { avgPoolGradConfig } from './avg-pool-grad.ts';
import { batchNormTrainGrad, batchNormTrainGradKernel, batchNormTrainKernel } from './batch-norm-train.ts';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.ts';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input.ts';
import { depthwiseBackpropFilterConfig } from './depthwise-backprop-filter.ts';
import { depthwiseBackpropInputConfig } from './depthwise-backprop-input.ts';
import { dilatedConvGradConfigs } from './dilated-conv-grads.ts';
import { maxPoolGradConfig } from './max-pool-grad.ts';
import { sliceConfig, splitVConfig } from './slice.ts';
import { tileConfig } from './tile.ts';

export const WASM_GRADIENT_KERNELS: readonly KernelConfig[] = [
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  depthwiseBackpropFilterConfig,
  depthwiseBackpropInputConfig,
  maxPoolGradConfig,
  avgPoolGradConfig,
  // Not a gradient of a tfjs kernel: memnas's fused training batch norm and its gradient.
  batchNormTrainKernel,
  batchNormTrainGradKernel,
];

let registered = false;

export function registerWasmGradients(): void {
  if (registered) return;
  registered = true;
  // Faster versions of wasm kernels that fall back to the originals outside the cases they speed up.
  const wrapped: [string, (original: KernelConfig) => KernelConfig][] = [
    ['Tile', tileConfig],
    ['Slice', sliceConfig],
    ['SplitV', splitVConfig],
  ];
  const replacements = [...WASM_GRADIENT_KERNELS];
  for (const [name, wrap] of wrapped) {
    const original = getKernel(name, 'wasm');
    if (original !== undefined) replacements.push(wrap(original));
  }
  for (const config of replacements) {
    // wasm ships slow Conv2DBackpropInput, MaxPoolGrad and AvgPoolGrad kernels; ours replace them.
    if (getKernel(config.kernelName, 'wasm') !== undefined) unregisterKernel(config.kernelName, 'wasm');
    registerKernel(config);
  }
  for (const config of dilatedConvGradConfigs()) registerGradient(config);
  registerGradient(batchNormTrainGrad);
}
