// conv: plain, dilated, factorized (1×7 / 7×1) and 1×1 projection convolutions.
import type { ConvNode } from '../types.ts';
import { featureMap, shapeError, type OpSpec } from './op-spec.ts';
import { windowOutput } from './spatial.ts';

export const convOp: OpSpec<ConvNode> = {
  op: 'conv',
  arity: { min: 1, max: 1 },
  outputShape(node, [input]) {
    const [h, w] = featureMap(node, input);
    const oh = windowOutput(h, node.kernel[0], node.strides[0], node.dilations[0], node.padding);
    const ow = windowOutput(w, node.kernel[1], node.strides[1], node.dilations[1], node.padding);
    if (oh === 0 || ow === 0)
      throw shapeError(
        node,
        `kernel ${node.kernel.join('×')} does not fit a ${h}×${w} input with 'valid' padding`,
      );
    return [oh, ow, node.filters];
  },
  paramShapes(node, [input]) {
    const kernel = [node.kernel[0], node.kernel[1], featureMap(node, input)[2], node.filters];
    return node.useBias ? { kernel, bias: [node.filters] } : { kernel };
  },
  macs(node, [input], output) {
    const cin = featureMap(node, input)[2];
    return output[0]! * output[1]! * node.filters * node.kernel[0] * node.kernel[1] * cin;
  },
};
