// Reading an ONNX node's attributes back, with the defaults ONNX gives absent ones; the raises'
// counterpart of model-builder.ts's `attr`.
import type { Pair } from '../../search/architecture/types.ts';
import { int64, int64List, type OnnxTypes } from '../onnx/proto.ts';
import type { RaiseContext } from './raising.ts';

type Node = OnnxTypes.INodeProto;

function find(node: Node, name: string): OnnxTypes.IAttributeProto | undefined {
  // The last of duplicate names wins, as a name → attribute map would have it.
  return (node.attribute ?? []).findLast((a) => (a.name ?? '') === name);
}

export function intsAttr(node: Node, name: string, fallback: number[]): number[] {
  const a = find(node, name);
  return a ? int64List(a.ints) : fallback;
}

export function intAttr(node: Node, name: string, fallback: number): number {
  const a = find(node, name);
  return a ? int64(a.i) : fallback;
}

/** A float attribute as the shortest decimal that is the same float32 (1e-3 comes back as 0.001). */
export function floatAttr(node: Node, name: string, fallback: number): number {
  return shortestFloat32(find(node, name)?.f ?? fallback);
}

/**
 * A two-element ints attribute (kernel, strides, dilations), `fallback` when absent;
 * ONNX_UNSUPPORTED_OP when it is not two numbers (or absent without a fallback).
 */
export function pairAttr(ctx: RaiseContext, name: string, fallback?: Pair): Pair {
  const v = intsAttr(ctx.node, name, fallback === undefined ? [] : [...fallback]);
  const [a, b] = v;
  if (v.length !== 2 || a === undefined || b === undefined)
    throw ctx.unsupported(`'${name}' [${v.join(', ')}] is not a 2-D window`);
  return [a, b];
}

function shortestFloat32(f: number): number {
  for (let digits = 1; digits < 10; digits++) {
    const v = Number(f.toPrecision(digits));
    if (Math.fround(v) === Math.fround(f)) return v;
  }
  return f;
}
