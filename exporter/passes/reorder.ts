// Writes the nodes in a given execution order (the memory model's best order), so a runtime that
// executes in file order gets the lowest peak the model found.
import { MemnasError } from '../../search/errors.ts';
import type { IrGraph } from '../graph-ir.ts';

export function reorderNodes(graph: IrGraph, order: readonly string[]): IrGraph {
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  if (order.length !== graph.nodes.length || order.some((name) => !byName.has(name))) {
    throw new MemnasError('INTERNAL', 'the execution order does not list every exported node exactly once');
  }
  return { ...graph, nodes: order.map((name) => byName.get(name)!) };
}
