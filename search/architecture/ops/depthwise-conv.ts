// depthwiseConv: one spatial filter per input channel (× multiplier); with a 1×1 conv after it
// this is the depthwise-separable convolution of the method.
import type { DepthwiseConvNode } from '../types.ts';
import { featureMap, shapeError, type OpSpec } from './op-spec.ts';
import { windowOutput } from './spatial.ts';

export const depthwiseConvOp: OpSpec<DepthwiseConvNode> = {
  op: 'depthwiseConv',
  arity: { min: 1, max: 1 },
  outputShape(node, [input]) {
    const [h, w, c] = featureMap(node, input);
    const oh = windowOutput(h, node.kernel[0], node.strides[0], node.dilations[0], node.padding);
    const ow = windowOutput(w, node.kernel[1], node.strides[1], node.dilations[1], node.padding);
    if (oh === 0 || ow === 0)
      throw shapeError(
        node,
        `kernel ${node.kernel.join('×')} does not fit a ${h}×${w} input with 'valid' padding`,
      );
    return [oh, ow, c * node.multiplier];
  },
  paramShapes(node, [input]) {
    const c = featureMap(node, input)[2];
    const kernel = [node.kernel[0], node.kernel[1], c, node.multiplier];
    return node.useBias ? { kernel, bias: [c * node.multiplier] } : { kernel };
  },
  macs(node, _inputs, output) {
    return output[0]! * output[1]! * output[2]! * node.kernel[0] * node.kernel[1];
  },
};
