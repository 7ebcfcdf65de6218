// ONNX window attributes from a node's sizes: TensorFlow's 'same' padding becomes explicit
// asymmetric pads (ONNX's SAME_UPPER matches too, but explicit pads keep every runtime honest).
import { samePadding } from '../../search/architecture/ops/spatial.ts';
import type { Padding, Pair } from '../../search/architecture/types.ts';
import { attr, type AttrValue } from '../onnx/model-builder.ts';

export function pads(
  inputHw: readonly number[],
  kernel: Pair,
  strides: Pair,
  dilations: Pair,
  padding: Padding,
): number[] {
  if (padding === 'valid') return [0, 0, 0, 0];
  const [top, bottom] = samePadding(inputHw[0]!, kernel[0], strides[0], dilations[0]);
  const [left, right] = samePadding(inputHw[1]!, kernel[1], strides[1], dilations[1]);
  return [top, left, bottom, right];
}

export function windowAttrs(
  inputHw: readonly number[],
  kernel: Pair,
  strides: Pair,
  dilations: Pair | null,
  padding: Padding,
): Record<string, AttrValue> {
  return {
    kernel_shape: attr.ints(kernel),
    strides: attr.ints(strides),
    pads: attr.ints(pads(inputHw, kernel, strides, dilations ?? [1, 1], padding)),
    ...(dilations === null ? {} : { dilations: attr.ints(dilations) }),
  };
}

/** Inverse of `pads`: the padding whose pads these are, or undefined when neither matches. */
export function paddingOfPads(
  p: readonly number[],
  inputHw: readonly number[],
  kernel: Pair,
  strides: Pair,
  dilations: Pair,
): Padding | undefined {
  const same = pads(inputHw, kernel, strides, dilations, 'same');
  if (p.length === 4 && p.every((v, i) => v === same[i])) return 'same';
  if (p.every((v) => v === 0)) return 'valid';
  return undefined;
}
