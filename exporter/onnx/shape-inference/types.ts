// The contract every operator's shape rule implements: given the inferred inputs of one node and
// its attributes, return the dtype, dims and (for small tensors) the values of each output.

/** What shape inference knows about one tensor. */
export interface TensorInfo {
  readonly dtype: number;
  readonly dims: readonly number[];
  /**
   * Element values in row-major order, known only for small tensors computed from constants and
   * shapes (Shape → Gather → Concat → Reshape chains); activations never carry values.
   */
  readonly value?: readonly number[];
}

/** Read access to a node's attributes; `undefined` means "absent", defaults are the caller's. */
export interface Attributes {
  int(name: string): number | undefined;
  ints(name: string): number[] | undefined;
  float(name: string): number | undefined;
  floats(name: string): number[] | undefined;
  string(name: string): string | undefined;
  /** A tensor attribute decoded to TensorInfo (values read when small). */
  tensor(name: string): TensorInfo | undefined;
  has(name: string): boolean;
}

export interface ShapeContext {
  readonly opType: string;
  readonly nodeName: string;
  /** Version of the default-domain operator set the model imports. */
  readonly opset: number;
  readonly attrs: Attributes;
  /** Number of input slots (including empty optional ones). */
  readonly inputCount: number;
  /** Number of output slots (including empty optional ones). */
  readonly outputCount: number;
  /** Input `i`, or undefined when the slot is absent or its name is empty (optional input). */
  input(i: number): TensorInfo | undefined;
  /** Input `i`, which must be present. */
  required(i: number): TensorInfo;
  /** Values of input `i`, which must be a constant (or folded from shapes). */
  constValues(i: number, what: string): readonly number[];
  /** A clear ONNX_SHAPE error naming this node. */
  fail(reason: string): never;
  /** A clear ONNX_UNSUPPORTED_OP error naming this node ("cannot size operator ..."). */
  unsupported(reason: string): never;
}

/** Output infos in output-slot order; slots whose output name is empty may be omitted at the end. */
export type ShapeRule = (ctx: ShapeContext) => TensorInfo[];

export interface OpShapeRule {
  readonly opType: string;
  readonly infer: ShapeRule;
}

/** Largest tensor whose values shape inference keeps (shape vectors, scales, small constants). */
export const MAX_VALUE_ELEMENTS = 64;
