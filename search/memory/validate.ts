// Structural checks on a MemoryGraph before any liveness is computed, so that every later step
// can trust the graph and a bad graph is reported once, naming the node or tensor at fault.
import { MemnasError } from '../errors.ts';
import type { MemoryGraph } from './graph.ts';

function invalid(message: string): MemnasError {
  return new MemnasError('MEMORY_GRAPH_INVALID', message);
}

function checkSize(graph: MemoryGraph, tensor: string, where: string): void {
  const bytes = graph.tensors.get(tensor);
  if (bytes === undefined) throw invalid(`tensor '${tensor}' (${where}) has no size`);
  if (!Number.isFinite(bytes) || bytes < 0) {
    throw invalid(`tensor '${tensor}' (${where}) has an invalid size ${bytes}`);
  }
}

/**
 * Throws MemnasError('MEMORY_GRAPH_INVALID') unless: node names are unique; every node input is
 * a graph input or produced by an earlier node (file order is topological); no tensor is produced
 * twice or is both a graph input and a node output; every tensor has a finite size ≥ 0; every
 * graph output is produced or is a graph input.
 */
export function validateMemoryGraph(graph: MemoryGraph): void {
  const available = new Set<string>();
  for (const input of graph.graphInputs) {
    checkSize(graph, input, 'graph input');
    available.add(input);
  }
  const names = new Set<string>();
  for (const node of graph.nodes) {
    if (names.has(node.name)) throw invalid(`node name '${node.name}' is used twice`);
    names.add(node.name);
    for (const input of node.inputs) {
      if (!available.has(input)) {
        throw invalid(
          `node '${node.name}' reads '${input}', which is neither a graph input nor produced by an earlier node`,
        );
      }
    }
    for (const output of node.outputs) {
      checkSize(graph, output, `output of node '${node.name}'`);
      if (available.has(output))
        throw invalid(`tensor '${output}' is produced twice (again by node '${node.name}')`);
      available.add(output);
    }
  }
  for (const output of graph.graphOutputs) {
    if (!available.has(output)) throw invalid(`graph output '${output}' is never produced`);
  }
}
