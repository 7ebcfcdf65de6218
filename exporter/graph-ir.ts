// The exporter's intermediate form of an ONNX graph: plain data the lowering writes and the lean
// passes (batch-norm folding, de-duplication, reordering, float16) rewrite before serialisation.
import type { AttrValue } from './onnx/model-builder.ts';

export interface IrInitializer {
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

export interface IrNode {
  readonly name: string;
  readonly opType: string;
  /** Tensor names; '' marks an omitted optional input. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attrs: Readonly<Record<string, AttrValue>>;
}

export interface IrGraph {
  readonly input: {
    readonly name: string;
    readonly channels: number;
    readonly height: number;
    readonly width: number;
  };
  readonly output: { readonly name: string; readonly classes: number };
  readonly initializers: ReadonlyMap<string, IrInitializer>;
  readonly nodes: readonly IrNode[];
}

/** Consumers of every tensor, by node index. */
export function consumers(nodes: readonly IrNode[]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  nodes.forEach((n, i) => {
    for (const t of n.inputs) if (t !== '') map.set(t, [...(map.get(t) ?? []), i]);
  });
  return map;
}
