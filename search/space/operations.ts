// The method's seven cell operations (METHOD.md §1) and the 1×1 conv a trim leaves behind, each
// lowered to architecture nodes: the op proper, then batch norm and ReLU.
import type { ArchitectureBuilder } from '../architecture/builder.ts';

export const CELL_OPERATIONS = [
  'avgPool3x3',
  'maxPool3x3',
  'dilConv3x3',
  'conv1x7_7x1',
  'sepConv5x5',
  'sepConv3x3',
  'conv3x3',
] as const;

export type CellOperation = (typeof CELL_OPERATIONS)[number];

/** What a trimmed operation becomes: a 1×1 conv, so the cell's shapes still match. */
export type Operation = CellOperation | 'conv1x1';

export const ALL_OPERATIONS: readonly Operation[] = [...CELL_OPERATIONS, 'conv1x1'];

/**
 * Appends `op` reading `input` with `stride`, producing `width` channels; returns the output id.
 * Pools get a 1×1 conv first that sets the width (METHOD.md §1).
 */
export function lowerOperation(
  b: ArchitectureBuilder,
  op: Operation,
  input: string,
  width: number,
  stride: number,
  prefix: string,
): string {
  const conv = (x: string, k: number | [number, number], s = 1, d = 1): string =>
    b.conv(x, width, k, { strides: s, dilations: d }, `${prefix}_conv`);
  let x: string;
  switch (op) {
    case 'avgPool3x3':
    case 'maxPool3x3':
      x = b.pool(conv(input, 1), op === 'avgPool3x3' ? 'avg' : 'max', 3, stride);
      break;
    case 'dilConv3x3':
      x = conv(input, 3, stride, 2);
      break;
    case 'conv1x7_7x1':
      x = conv(conv(input, [1, 7], stride), [7, 1]);
      break;
    case 'sepConv5x5':
    case 'sepConv3x3':
      x = conv(b.depthwise(input, op === 'sepConv5x5' ? 5 : 3, { strides: stride }, `${prefix}_dw`), 1);
      break;
    case 'conv3x3':
      x = conv(input, 3, stride);
      break;
    case 'conv1x1':
      x = conv(input, 1, stride);
      break;
  }
  return b.activation(b.batchNorm(x, `${prefix}_bn`), 'relu', `${prefix}_relu`);
}
