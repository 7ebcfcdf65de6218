// The architecture format: the single source of truth for a network. Search produces it, the
// trainer builds a tfjs model from it, the exporter builds ONNX bytes from it, users write it by
// hand as seeds. See docs/architecture-format.md. Shapes here are per sample, NHWC, no batch.

export const ARCHITECTURE_FORMAT = 'memnas.architecture';
export const ARCHITECTURE_VERSION = 1;

/** [height, width] — kernels, strides, dilations and pool windows. */
export type Pair = readonly [number, number];

export type Padding = 'same' | 'valid';

export type ActivationFn = 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'hardSwish' | 'hardSigmoid';

interface NodeBase {
  /** Unique name; other nodes list it in `inputs`. */
  readonly id: string;
  /** Ids of the nodes (or the graph input's name) this node reads, in order. */
  readonly inputs: readonly string[];
}

/** 2-D convolution. Covers plain, dilated, factorized (1×7, 7×1) and 1×1 projection convs. */
export interface ConvNode extends NodeBase {
  readonly op: 'conv';
  readonly filters: number;
  readonly kernel: Pair;
  readonly strides: Pair;
  readonly dilations: Pair;
  readonly padding: Padding;
  readonly useBias: boolean;
}

/** Depthwise convolution (one filter per input channel × multiplier). */
export interface DepthwiseConvNode extends NodeBase {
  readonly op: 'depthwiseConv';
  readonly kernel: Pair;
  readonly strides: Pair;
  readonly dilations: Pair;
  readonly padding: Padding;
  readonly multiplier: number;
  readonly useBias: boolean;
}

export interface PoolNode extends NodeBase {
  readonly op: 'maxPool' | 'avgPool';
  readonly pool: Pair;
  readonly strides: Pair;
  /** 'same' average pooling excludes the padding from the count (TensorFlow's rule). */
  readonly padding: Padding;
}

/** Inference-form batch normalization over channels: gamma, beta, moving mean and variance. */
export interface BatchNormNode extends NodeBase {
  readonly op: 'batchNorm';
  readonly epsilon: number;
}

export interface ActivationNode extends NodeBase {
  readonly op: 'activation';
  readonly fn: ActivationFn;
}

/** Element-wise sum of two or more tensors of identical shape. */
export interface AddNode extends NodeBase {
  readonly op: 'add';
}

/** Channel concatenation of two or more tensors with the same height and width. */
export interface ConcatNode extends NodeBase {
  readonly op: 'concat';
}

/** Global pooling over height and width: [h, w, c] → [c]. */
export interface GlobalPoolNode extends NodeBase {
  readonly op: 'globalPool';
  readonly mode: 'avg' | 'max';
}

/** [h, w, c] → [h·w·c], in NHWC order. */
export interface FlattenNode extends NodeBase {
  readonly op: 'flatten';
}

/** Fully connected layer on a flat tensor. */
export interface DenseNode extends NodeBase {
  readonly op: 'dense';
  readonly units: number;
  readonly useBias: boolean;
}

export type ArchNode =
  | ConvNode
  | DepthwiseConvNode
  | PoolNode
  | BatchNormNode
  | ActivationNode
  | AddNode
  | ConcatNode
  | GlobalPoolNode
  | FlattenNode
  | DenseNode;

export type OpName = ArchNode['op'];

export interface ArchitectureInput {
  /** Name nodes use to read the image batch. Default 'input'. */
  readonly name: string;
  /** [height, width, channels]. */
  readonly shape: readonly [number, number, number];
}

/** A validated, normalized architecture (every default filled in). */
export interface Architecture {
  readonly format: typeof ARCHITECTURE_FORMAT;
  readonly version: typeof ARCHITECTURE_VERSION;
  readonly name: string;
  readonly input: ArchitectureInput;
  readonly classes: number;
  readonly nodes: readonly ArchNode[];
  /** Id of the node whose output is the logits, shape [classes]. */
  readonly output: string;
  /** Search-owned description (e.g. the cell genotype); other parts ignore it. */
  readonly genotype?: unknown;
}

/** Per-sample tensor shape: [h, w, c] for feature maps, [n] for flat vectors. */
export type TensorShape = readonly number[];
