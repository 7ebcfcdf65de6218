// The contract every operator of the architecture format fulfils: its shape rule, its parameter
// count and its multiply-accumulate count live together (STYLE.md §4).
import { MemnasError } from '../../errors.ts';
import type { ArchNode, TensorShape } from '../types.ts';
import type { ParamName } from '../weights.ts';

export interface OpSpec<N extends ArchNode = ArchNode> {
  readonly op: N['op'];
  /** How many inputs the op reads. */
  readonly arity: { readonly min: number; readonly max: number };
  /** Per-sample output shape; throws ARCH_SHAPE_MISMATCH naming the node. */
  outputShape(node: N, inputs: readonly TensorShape[]): TensorShape;
  /** Shapes of the stored parameters (tfjs layouts, see weights.ts); {} for parameter-free ops. */
  paramShapes(node: N, inputs: readonly TensorShape[]): ParamShapes;
  /** Multiply-accumulates per sample, for latency models. */
  macs(node: N, inputs: readonly TensorShape[], output: TensorShape): number;
}

export function shapeError(node: ArchNode, message: string): MemnasError {
  return new MemnasError('ARCH_SHAPE_MISMATCH', `node '${node.id}' (${node.op}): ${message}`);
}

/** The input must be a feature map [h, w, c]. */
export function featureMap(
  node: ArchNode,
  shape: TensorShape | undefined,
): readonly [number, number, number] {
  if (shape === undefined || shape.length !== 3) {
    throw shapeError(node, `expects a feature map [h, w, c], got [${shape?.join(', ') ?? ''}]`);
  }
  return [shape[0]!, shape[1]!, shape[2]!];
}

export const product = (shape: TensorShape): number => shape.reduce((a, b) => a * b, 1);

export type ParamShapes = Partial<Record<ParamName, readonly number[]>>;

/** Number of stored values of a node (weights, biases, norm statistics). */
export function paramCountOf(shapes: ParamShapes): number {
  return Object.values(shapes).reduce((sum, shape) => sum + product(shape), 0);
}

export const noParams = (): ParamShapes => ({});
