// Shape checks shared by the op files, turning a malformed graph into a typed error naming the
// node. The window arithmetic itself is the architecture format's (search/architecture/ops/spatial.ts).

import { MemnasError } from '../../search/errors.ts';
import { samePadding, windowOutput as windowLength } from '../../search/architecture/ops/spatial.ts';
import type { Padding, Pair, TensorShape } from '../../search/architecture/types.ts';

export { samePadding };

/** [h, w, c] of a feature-map input, or a typed error naming the node. */
export function featureMap(nodeId: string, shape: TensorShape | undefined): [number, number, number] {
  if (shape === undefined || shape.length !== 3) {
    throw new MemnasError(
      'ARCH_SHAPE_MISMATCH',
      `node ${nodeId} needs a feature map [h, w, c], got [${shape?.join(', ') ?? ''}]`,
    );
  }
  return [shape[0] as number, shape[1] as number, shape[2] as number];
}

/** Spatial output size of a windowed op, rejecting windows that leave nothing. */
export function windowOutput(
  nodeId: string,
  [h, w]: readonly [number, number, number],
  kernel: Pair,
  strides: Pair,
  dilations: Pair,
  padding: Padding,
): [number, number] {
  const oh = windowLength(h, kernel[0], strides[0], dilations[0], padding);
  const ow = windowLength(w, kernel[1], strides[1], dilations[1], padding);
  if (oh < 1 || ow < 1) {
    throw new MemnasError(
      'ARCH_SHAPE_MISMATCH',
      `node ${nodeId}: a ${kernel.join('×')} window does not fit a ${h}×${w} input with 'valid' padding`,
    );
  }
  return [oh, ow];
}

export function requireInputs(nodeId: string, shapes: readonly TensorShape[], count: number | 'many'): void {
  const ok = count === 'many' ? shapes.length >= 2 : shapes.length === count;
  if (!ok) {
    const want = count === 'many' ? 'at least 2' : String(count);
    throw new MemnasError('ARCH_INVALID', `node ${nodeId} takes ${want} input(s), got ${shapes.length}`);
  }
}
