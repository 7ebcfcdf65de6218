// Merges initializers with identical dims and bytes (e.g. Clip bounds, equal biases) into one,
// so the model stores each value once.
import type { IrGraph, IrInitializer } from '../graph-ir.ts';
import { removeUnusedInitializers } from './fold-batch-norm.ts';

function key(init: IrInitializer): string {
  // Hash the bytes cheaply (FNV-1a) for bucketing; equal keys are then compared exactly.
  const bytes = new Uint8Array(init.data.buffer, init.data.byteOffset, init.data.byteLength);
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return `${init.dims.join('x')}:${h}`;
}

const equal = (a: IrInitializer, b: IrInitializer): boolean =>
  a.data.length === b.data.length && a.data.every((v, i) => Object.is(v, b.data[i]));

export function dedupeInitializers(graph: IrGraph): IrGraph {
  const buckets = new Map<string, string[]>();
  const rename = new Map<string, string>();
  for (const [name, init] of graph.initializers) {
    const k = key(init);
    const same = (buckets.get(k) ?? []).find((other) => equal(graph.initializers.get(other)!, init));
    if (same === undefined) buckets.set(k, [...(buckets.get(k) ?? []), name]);
    else rename.set(name, same);
  }
  if (rename.size === 0) return graph;
  const nodes = graph.nodes.map((n) => ({ ...n, inputs: n.inputs.map((t) => rename.get(t) ?? t) }));
  return removeUnusedInitializers({ ...graph, nodes });
}
