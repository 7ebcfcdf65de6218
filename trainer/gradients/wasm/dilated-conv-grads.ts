// Gradient configs for Conv2D and DepthwiseConv2dNative that also handle dilation > 1, which
// tfjs-core's own configs reject on every backend. Gradients are global per kernel name, so each
// config delegates to the original unless the wasm backend is active and the conv is dilated;
// then it calls the backprop kernels with a `dilations` attribute, which our wasm kernels honour.

import { engine, getBackend, getGradient } from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';

function isDilated(attrs: NamedAttrMap): boolean {
  const d = attrs['dilations'];
  if (d === undefined || d === null) return false;
  return Array.isArray(d) ? d.some((v) => Number(v) !== 1) : Number(d) !== 1;
}

function dilatedGrad(original: GradConfig, backpropInput: string, backpropFilter: string): GradConfig {
  return {
    kernelName: original.kernelName,
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      if (getBackend() !== 'wasm' || !isDilated(attrs)) return original.gradFunc(dy, saved, attrs);
      const [x, filter] = saved as [Tensor, Tensor];
      const grad = dy as Tensor;
      const common = {
        strides: attrs['strides'],
        dilations: attrs['dilations'],
        pad: attrs['pad'],
        dimRoundingMode: attrs['dimRoundingMode'],
        dataFormat: 'NHWC',
      } as NamedAttrMap;
      return {
        x: () =>
          engine().runKernel(
            backpropInput,
            { dy: grad, filter },
            { ...common, inputShape: x.shape },
          ) as Tensor,
        filter: () =>
          engine().runKernel(
            backpropFilter,
            { x, dy: grad },
            { ...common, filterShape: filter.shape },
          ) as Tensor,
      };
    },
  };
}

/** The replacement configs, built around the gradients tfjs-core registered. */
export function dilatedConvGradConfigs(): GradConfig[] {
  const conv = getGradient('Conv2D');
  const depthwise = getGradient('DepthwiseConv2dNative');
  if (conv === undefined || depthwise === undefined)
    throw new Error('tfjs-core gradients for Conv2D / DepthwiseConv2dNative are not registered');
  return [
    dilatedGrad(conv, 'Conv2DBackpropInput', 'Conv2DBackpropFilter'),
    dilatedGrad(depthwise, 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter'),
  ];
}
