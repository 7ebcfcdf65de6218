// Graph checks and ordering of an architecture's DAG: duplicate ids, dangling inputs, cycles
// (reported with the cycle's path), nodes that never reach the output, and execution order.
import { MemnasError } from '../errors.ts';
import type { ArchNode } from './types.ts';

interface GraphLike {
  readonly input: { readonly name: string };
  readonly nodes: readonly ArchNode[];
  readonly output: string;
}

export function checkReferences(arch: GraphLike): void {
  const ids = new Set<string>();
  for (const node of arch.nodes) {
    if (node.id === arch.input.name) {
      throw new MemnasError('ARCH_INVALID', `node '${node.id}': id clashes with the input's name`);
    }
    if (ids.has(node.id)) throw new MemnasError('ARCH_INVALID', `node '${node.id}': duplicate id`);
    ids.add(node.id);
  }
  for (const node of arch.nodes) {
    node.inputs.forEach((name, i) => {
      if (name !== arch.input.name && !ids.has(name)) {
        throw new MemnasError(
          'ARCH_DANGLING_INPUT',
          `node '${node.id}' field 'inputs[${i}]': '${name}' is neither a node id nor the input '${arch.input.name}'`,
        );
      }
      if (name === node.id)
        throw new MemnasError('ARCH_CYCLE', `node '${node.id}' reads itself (cycle: ${name} → ${name})`);
    });
  }
  if (!ids.has(arch.output)) {
    throw new MemnasError('ARCH_DANGLING_INPUT', `field 'output': '${arch.output}' is not a node id`);
  }
}

/** Throws ARCH_CYCLE with the cycle spelled out, e.g. "a → b → a". */
export function checkAcyclic(arch: GraphLike): void {
  const byId = new Map(arch.nodes.map((n) => [n.id, n]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): void => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'open') {
      const cycle = [...stack.slice(stack.indexOf(id)), id];
      throw new MemnasError('ARCH_CYCLE', `the graph has a cycle: ${cycle.reverse().join(' → ')}`);
    }
    state.set(id, 'open');
    stack.push(id);
    for (const input of byId.get(id)?.inputs ?? []) if (byId.has(input)) visit(input);
    stack.pop();
    state.set(id, 'done');
  };
  for (const node of arch.nodes) visit(node.id);
}

/** Every node must contribute to the output; a dead node would be trained and exported for nothing. */
export function checkAllReachOutput(arch: GraphLike): void {
  const byId = new Map(arch.nodes.map((n) => [n.id, n]));
  const used = new Set<string>();
  const pending = [arch.output];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (used.has(id)) continue;
    used.add(id);
    for (const input of byId.get(id)?.inputs ?? []) pending.push(input);
  }
  const dead = arch.nodes.find((n) => !used.has(n.id));
  if (dead !== undefined) {
    throw new MemnasError(
      'ARCH_INVALID',
      `node '${dead.id}': its output never reaches the output node '${arch.output}'`,
    );
  }
}

/**
 * Execution order: the file order when it is already topological (users and search write nodes
 * in execution order), else a stable topological sort that keeps file order among ready nodes.
 */
export function executionOrder(arch: GraphLike): ArchNode[] {
  const seen = new Set<string>([arch.input.name]);
  if (arch.nodes.every((n) => (n.inputs.every((i) => seen.has(i)) ? seen.add(n.id) : false))) {
    return [...arch.nodes];
  }
  const done = new Set<string>([arch.input.name]);
  const order: ArchNode[] = [];
  const remaining = [...arch.nodes];
  while (remaining.length > 0) {
    const index = remaining.findIndex((n) => n.inputs.every((i) => done.has(i)));
    if (index < 0) throw new MemnasError('ARCH_CYCLE', 'the graph has a cycle');
    const [node] = remaining.splice(index, 1);
    order.push(node!);
    done.add(node!.id);
  }
  return order;
}
