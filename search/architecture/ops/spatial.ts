// Output size of a sliding window, with TensorFlow's 'same' rule (ceil(in / stride), the extra
// padding at the end), which the exporter reproduces with explicit ONNX pads.
import type { Padding } from '../types.ts';

/** Output length along one axis, or 0 when the window does not fit ('valid'). */
export function windowOutput(
  size: number,
  kernel: number,
  stride: number,
  dilation: number,
  padding: Padding,
): number {
  if (padding === 'same') return Math.ceil(size / stride);
  const span = dilation * (kernel - 1) + 1;
  return size < span ? 0 : Math.floor((size - span) / stride) + 1;
}

/** Total 'same' padding along one axis and how it splits: TF puts the odd pixel at the end. */
export function samePadding(
  size: number,
  kernel: number,
  stride: number,
  dilation: number,
): [number, number] {
  const out = Math.ceil(size / stride);
  const span = dilation * (kernel - 1) + 1;
  const total = Math.max((out - 1) * stride + span - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}
