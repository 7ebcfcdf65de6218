// concat: channel concatenation; a new tensor (the method's rule: it costs its own memory).
import type { ConcatNode } from '../types.ts';
import { featureMap, noParams, shapeError, type OpSpec } from './op-spec.ts';

export const concatOp: OpSpec<ConcatNode> = {
  op: 'concat',
  arity: { min: 2, max: Infinity },
  outputShape(node, inputs) {
    const maps = inputs.map((s) => featureMap(node, s));
    const [h, w] = maps[0]!;
    maps.forEach(([ih, iw], i) => {
      if (ih !== h || iw !== w) {
        throw shapeError(
          node,
          `input '${node.inputs[i]}' is ${ih}×${iw} but '${node.inputs[0]}' is ${h}×${w}; concat needs equal height and width`,
        );
      }
    });
    return [h, w, maps.reduce((sum, m) => sum + m[2], 0)];
  },
  paramShapes: noParams,
  macs: () => 0,
};
