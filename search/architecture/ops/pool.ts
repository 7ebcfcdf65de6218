// maxPool / avgPool over a window; 'same' average pooling divides by the in-bounds count.
import type { PoolNode } from '../types.ts';
import { featureMap, noParams, shapeError, type OpSpec } from './op-spec.ts';
import { windowOutput } from './spatial.ts';

export const poolOp: OpSpec<PoolNode> = {
  op: 'maxPool',
  arity: { min: 1, max: 1 },
  outputShape(node, [input]) {
    const [h, w, c] = featureMap(node, input);
    const oh = windowOutput(h, node.pool[0], node.strides[0], 1, node.padding);
    const ow = windowOutput(w, node.pool[1], node.strides[1], 1, node.padding);
    if (oh === 0 || ow === 0)
      throw shapeError(
        node,
        `pool ${node.pool.join('×')} does not fit a ${h}×${w} input with 'valid' padding`,
      );
    return [oh, ow, c];
  },
  paramShapes: noParams,
  macs(node, _inputs, output) {
    return output[0]! * output[1]! * output[2]! * node.pool[0] * node.pool[1];
  },
};
