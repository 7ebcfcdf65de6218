// The contract of one operator's ONNX raise, the inverse of its lowering (lowering.ts): from an
// ONNX node written in the lowering's pattern back to the architecture node (and weights) it
// stands for. Raises sit beside their lowerings (conv.ts / conv-raise.ts) and are listed once in
// all-raisings.ts; import-architecture.ts walks the graph and hands each node to its raise.
import type { ArchNode, TensorShape } from '../../search/architecture/types.ts';
import type { NodeWeights, WeightTensor } from '../../search/architecture/weights.ts';
import type { MemnasError } from '../../search/errors.ts';
import type { OnnxTypes } from '../onnx/proto.ts';

/**
 * What a Flatten reads, for the patterns that span two ONNX nodes: a global pool or a Transpose
 * waiting for the Flatten that completes it, or a Flatten of NCHW rows (no Transpose), whose
 * dense consumer had its kernel rows permuted at export.
 */
export type FlatSource =
  | { readonly kind: 'pooled'; readonly mode: 'avg' | 'max' }
  | { readonly kind: 'transposed' }
  | { readonly kind: 'nchw'; readonly shape: TensorShape };

export interface RaiseContext {
  readonly node: OnnxTypes.INodeProto;
  readonly opType: string;
  /** Id of the architecture node to add: the ONNX node's name. */
  readonly id: string;
  /** Architecture ids of the node's activation inputs (initializers left out), in order. */
  readonly inputs: readonly string[];
  /** Per-sample NHWC shape of the first activation input ([] when there is none). */
  readonly inputShape: TensorShape;
  /** Whether ONNX input `k` is given (a non-empty name). */
  hasInput(k: number): boolean;
  /** The initializer at ONNX input `k`, as float32 in its ONNX layout; ONNX_UNSUPPORTED_OP if it is not one. */
  initializer(k: number): WeightTensor;
  /** The error for a node outside memnas's export patterns, naming the node and why. */
  unsupported(why: string): MemnasError;
  /** Adds the raised node; its output shape comes from the search op registry. */
  add(node: ArchNode, weights?: NodeWeights): void;
  /** The node is the first half of a two-node pattern: its output stands for its input until then. */
  passThrough(source: FlatSource): void;
  /** What `name` (an ONNX tensor or an architecture id) was recorded as, if anything. */
  flatSource(name: string): FlatSource | undefined;
  /** Records what architecture node `id` is, for the dense layer that reads it. */
  setFlatSource(id: string, source: FlatSource): void;
}

export interface Raising {
  /** The ONNX operator types whose nodes this raise reads. */
  readonly onnxOps: readonly string[];
  /**
   * Whether the node is this op's pattern, where several ops share an ONNX type (Conv is a conv
   * or a depthwise conv; Flatten ends a globalPool or is a flatten). Raises with this test are
   * tried first; the one without takes the rest.
   */
  readonly accepts?: (ctx: RaiseContext) => boolean;
  readonly raise: (ctx: RaiseContext) => void;
}
