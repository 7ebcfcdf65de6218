// A MemoryGraph turned into integer-indexed arrays (tensors, producers, distinct consumers), so
// the liveness simulator and the order search never touch strings in their inner loops.
import type { MemoryGraph } from './graph.ts';
import { validateMemoryGraph } from './validate.ts';

export interface IndexedGraph {
  readonly graph: MemoryGraph;
  readonly nodeCount: number;
  readonly tensorNames: readonly string[];
  readonly bytes: Float64Array;
  /** Distinct input tensor ids per node. */
  readonly nodeInputs: readonly Int32Array[];
  /** Output tensor ids per node. */
  readonly nodeOutputs: readonly Int32Array[];
  /** Sum of a node's output bytes (what it adds while it runs). */
  readonly outBytes: Float64Array;
  /** Node producing each tensor, or -1 for a graph input. */
  readonly producer: Int32Array;
  /** Distinct consumer nodes per tensor, ascending. */
  readonly consumers: readonly Int32Array[];
  readonly isOutput: Uint8Array;
  /** Graph inputs that count: read by a node or returned as a graph output. */
  readonly initialLive: Int32Array;
  /** Distinct producer nodes of each node's inputs, and the reverse. */
  readonly preds: readonly Int32Array[];
  readonly succs: readonly Int32Array[];
  readonly nodeIndex: ReadonlyMap<string, number>;
  readonly tensorId: ReadonlyMap<string, number>;
}

/** Tensor ids in first-seen order; `idOf` names a tensor, giving it the next id if new. */
function tensorIds(graph: MemoryGraph): {
  tensorId: Map<string, number>;
  tensorNames: string[];
  idOf: (name: string) => number;
} {
  const tensorId = new Map<string, number>();
  const tensorNames: string[] = [];
  const idOf = (name: string): number => {
    let id = tensorId.get(name);
    if (id === undefined) {
      id = tensorNames.length;
      tensorId.set(name, id);
      tensorNames.push(name);
    }
    return id;
  };
  for (const input of graph.graphInputs) idOf(input);
  for (const node of graph.nodes) for (const output of node.outputs) idOf(output);
  for (const output of graph.graphOutputs) idOf(output);
  return { tensorId, tensorNames, idOf };
}

/** Per node: distinct inputs, outputs and their bytes; per tensor: producer and consumers. */
function nodeArrays(graph: MemoryGraph, idOf: (name: string) => number, bytes: Float64Array) {
  const tensorCount = bytes.length;
  const producer = new Int32Array(tensorCount).fill(-1);
  const consumerLists: number[][] = Array.from({ length: tensorCount }, () => []);
  const nodeInputs: Int32Array[] = [];
  const nodeOutputs: Int32Array[] = [];
  const outBytes = new Float64Array(graph.nodes.length);
  const nodeIndex = new Map<string, number>();
  graph.nodes.forEach((node, n) => {
    nodeIndex.set(node.name, n);
    const inputs = [...new Set(node.inputs.map(idOf))];
    nodeInputs.push(Int32Array.from(inputs));
    for (const t of inputs) consumerLists[t]?.push(n);
    const outputs = node.outputs.map(idOf);
    nodeOutputs.push(Int32Array.from(outputs));
    for (const t of outputs) {
      producer[t] = n;
      outBytes[n] = (outBytes[n] ?? 0) + (bytes[t] ?? 0);
    }
  });
  const consumers = consumerLists.map((list) => Int32Array.from(list));
  return { producer, consumers, nodeInputs, nodeOutputs, outBytes, nodeIndex };
}

/** Distinct producer nodes of each node's inputs (preds), and the reverse (succs), ascending. */
function neighbours(
  nodeCount: number,
  nodeInputs: readonly Int32Array[],
  producer: Int32Array,
): { preds: Int32Array[]; succs: Int32Array[] } {
  const predSets: Set<number>[] = Array.from({ length: nodeCount }, () => new Set<number>());
  const succSets: Set<number>[] = Array.from({ length: nodeCount }, () => new Set<number>());
  nodeInputs.forEach((inputs, n) => {
    for (const t of inputs) {
      const p = producer[t] ?? -1;
      if (p >= 0) {
        predSets[n]?.add(p);
        succSets[p]?.add(n);
      }
    }
  });
  const sorted = (s: Set<number>): Int32Array => Int32Array.from([...s].sort((a, b) => a - b));
  return { preds: predSets.map(sorted), succs: succSets.map(sorted) };
}

/** Validates `graph` (see validateMemoryGraph) and indexes it. */
export function indexGraph(graph: MemoryGraph): IndexedGraph {
  validateMemoryGraph(graph);
  const { tensorId, tensorNames, idOf } = tensorIds(graph);
  const tensorCount = tensorNames.length;
  const bytes = new Float64Array(tensorCount);
  tensorNames.forEach((name, id) => (bytes[id] = graph.tensors.get(name) ?? 0));
  const { producer, consumers, nodeInputs, nodeOutputs, outBytes, nodeIndex } = nodeArrays(
    graph,
    idOf,
    bytes,
  );
  const isOutput = new Uint8Array(tensorCount);
  for (const output of graph.graphOutputs) isOutput[idOf(output)] = 1;
  const initialLive = Int32Array.from(
    [...new Set(graph.graphInputs.map(idOf))].filter(
      (t) => (consumers[t]?.length ?? 0) > 0 || isOutput[t] === 1,
    ),
  );
  const { preds, succs } = neighbours(graph.nodes.length, nodeInputs, producer);
  return {
    graph,
    nodeCount: graph.nodes.length,
    tensorNames,
    bytes,
    nodeInputs,
    nodeOutputs,
    outBytes,
    producer,
    consumers,
    isOutput,
    initialLive,
    preds,
    succs,
    nodeIndex,
    tensorId,
  };
}
