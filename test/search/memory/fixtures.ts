// Test fixtures for the memory model: a compact graph builder, a seeded random DAG generator,
// an independent (name-based, deliberately naive) strict-rule simulator and a brute force over
// every topological order to check the search against.
import type { MemoryGraph, MemoryNode } from '../../../search/memory/graph.ts';

/** [name, inputs, outputs] triples; sizes by tensor name. */
export function makeGraph(
  sizes: Record<string, number>,
  nodes: readonly (readonly [string, readonly string[], readonly string[]])[],
  graphInputs: readonly string[],
  graphOutputs: readonly string[],
): MemoryGraph {
  return {
    tensors: new Map(Object.entries(sizes)),
    nodes: nodes.map(([name, inputs, outputs]): MemoryNode => ({ name, op: 'op', inputs, outputs })),
    graphInputs,
    graphOutputs,
  };
}

export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random DAG: each node reads 1–3 earlier tensors, writes 1 (sometimes 2); some outputs unread. */
export function randomGraph(seed: number, nodeCount: number): MemoryGraph {
  const rand = seededRandom(seed);
  const sizes: Record<string, number> = { in: 1 + Math.floor(rand() * 100) };
  const pool = ['in'];
  const nodes: [string, string[], string[]][] = [];
  for (let i = 0; i < nodeCount; i++) {
    const arity = 1 + Math.floor(rand() * 3);
    const inputs: string[] = [];
    for (let k = 0; k < arity; k++) {
      // Favour recent tensors so graphs look like networks, not random soup.
      const back = Math.floor(Math.pow(rand(), 2) * pool.length);
      inputs.push(pool[pool.length - 1 - back] ?? 'in');
    }
    const outputs = [`t${i}`];
    if (rand() < 0.15) outputs.push(`t${i}b`);
    for (const o of outputs) {
      sizes[o] = 1 + Math.floor(rand() * 100);
      pool.push(o);
    }
    nodes.push([`n${i}`, inputs, outputs]);
  }
  const last = nodes[nodes.length - 1]?.[2][0] ?? 'in';
  return makeGraph(sizes, nodes, ['in'], [last]);
}

/** Naive strict-rule peak of `order`, straight from the rule's wording. */
export function referencePeak(graph: MemoryGraph, order: readonly string[]): number {
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const consumers = (t: string): MemoryNode[] => graph.nodes.filter((n) => n.inputs.includes(t));
  const ran = new Set<string>();
  const live = new Set(
    graph.graphInputs.filter((t) => consumers(t).length > 0 || graph.graphOutputs.includes(t)),
  );
  const size = (ts: Iterable<string>): number => [...ts].reduce((s, t) => s + (graph.tensors.get(t) ?? 0), 0);
  let peak = size(live);
  for (const name of order) {
    const node = byName.get(name);
    if (node === undefined) throw new Error(`unknown ${name}`);
    peak = Math.max(peak, size(new Set([...live, ...node.outputs])));
    ran.add(name);
    for (const o of node.outputs) live.add(o);
    for (const t of [...live]) {
      if (graph.graphOutputs.includes(t)) continue;
      if (consumers(t).every((c) => ran.has(c.name))) live.delete(t);
    }
  }
  return peak;
}

/** Every topological order (small graphs only). */
export function allOrders(graph: MemoryGraph): string[][] {
  const available = new Set(graph.graphInputs);
  const orders: string[][] = [];
  const prefix: string[] = [];
  const used = new Set<string>();
  const visit = (): void => {
    if (prefix.length === graph.nodes.length) {
      orders.push([...prefix]);
      return;
    }
    for (const node of graph.nodes) {
      if (used.has(node.name) || !node.inputs.every((t) => available.has(t))) continue;
      used.add(node.name);
      prefix.push(node.name);
      node.outputs.forEach((o) => available.add(o));
      visit();
      node.outputs.forEach((o) => available.delete(o));
      prefix.pop();
      used.delete(node.name);
    }
  };
  visit();
  return orders;
}

export function isTopological(graph: MemoryGraph, order: readonly string[]): boolean {
  const available = new Set(graph.graphInputs);
  const seen = new Set<string>();
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  for (const name of order) {
    const node = byName.get(name);
    if (node === undefined || seen.has(name) || !node.inputs.every((t) => available.has(t))) return false;
    seen.add(name);
    node.outputs.forEach((o) => available.add(o));
  }
  return seen.size === graph.nodes.length;
}

/** A CNN-like graph: a chain with occasional residual adds, two-branch concats and Shape side chains. */
export function cnnLikeGraph(seed: number, nodeCount: number): MemoryGraph {
  const rand = seededRandom(seed);
  const sizes: Record<string, number> = { input: 3 * 1024 };
  const nodes: [string, string[], string[]][] = [];
  let cur = 'input';
  let i = 0;
  const add = (inputs: string[], bytes: number): string => {
    const out = `t${i}`;
    sizes[out] = bytes;
    nodes.push([`n${i}`, inputs, [out]]);
    i++;
    return out;
  };
  while (i < nodeCount - 6) {
    const bytes = 256 * (1 + Math.floor(rand() * 16));
    const r = rand();
    if (r < 0.15) {
      const a = add([cur], bytes);
      const b = add([a], bytes);
      cur = add([cur, b], bytes);
    } else if (r < 0.25) {
      const a = add([cur], bytes);
      const b = add([cur], bytes * 2);
      const c = add([b], bytes);
      cur = add([a, c], bytes * 2);
    } else if (r < 0.3) {
      const shape = add([cur], 32);
      const gathered = add([shape], 8);
      cur = add([cur, gathered], sizes[cur] ?? 0);
    } else {
      cur = add([cur], bytes);
    }
  }
  return makeGraph(sizes, nodes, ['input'], [cur]);
}
