// The contract of one operator's ONNX lowering (STYLE.md §4: its shape rule lives on the search
// side, its lowering here). Lowerings work in NCHW; the layout change happens once, on weights.
import type { ArchNode, TensorShape } from '../../search/architecture/types.ts';
import type { NodeWeights } from '../../search/architecture/weights.ts';
import type { NodeFacts } from '../../search/architecture/shapes.ts';
import type { IrInitializer, IrNode } from '../graph-ir.ts';

export interface LowerContext {
  readonly facts: NodeFacts;
  readonly weights: NodeWeights;
  /** ONNX tensor names of the node's inputs. */
  readonly inputs: readonly string[];
  /** Per-sample NHWC shapes of the inputs. */
  readonly inputShapes: readonly TensorShape[];
  /** The tensor name the node's result must carry. */
  readonly output: string;
  /** Adds an initializer, returns its name. */
  initializer(name: string, init: IrInitializer): string;
  /** Adds a node. */
  emit(node: IrNode): void;
  /** Consumers of this node's output in the architecture. */
  readonly consumers: readonly ArchNode[];
  /**
   * When `id` is a flatten lowered without a Transpose (its rows in NCHW order), the NHWC shape
   * it flattened; dense layers reading it permute their kernel rows to match.
   */
  flattenedFrom(id: string): readonly number[] | undefined;
}

export type Lowering = (node: ArchNode, ctx: LowerContext) => void;
