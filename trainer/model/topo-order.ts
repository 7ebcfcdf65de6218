// Orders an architecture's nodes so each runs after its inputs, keeping file order where it can,
// and rejects graphs that read unknown tensors or loop back on themselves.

import type { ArchNode, Architecture } from '../../search/architecture/types.ts';
import { MemnasError } from '../../search/errors.ts';

export function topoOrder(arch: Architecture): ArchNode[] {
  const ids = new Set(arch.nodes.map((n) => n.id));
  for (const node of arch.nodes) {
    for (const input of node.inputs) {
      if (input !== arch.input.name && !ids.has(input)) {
        throw new MemnasError('ARCH_DANGLING_INPUT', `node ${node.id} reads '${input}', which is neither a node nor the input`);
      }
    }
  }
  const done = new Set<string>([arch.input.name]);
  const order: ArchNode[] = [];
  let pending = [...arch.nodes];
  while (pending.length > 0) {
    const ready = pending.filter((n) => n.inputs.every((i) => done.has(i)));
    if (ready.length === 0) {
      throw new MemnasError('ARCH_CYCLE', `nodes ${pending.map((n) => n.id).join(', ')} form a cycle`);
    }
    for (const node of ready) done.add(node.id);
    order.push(...ready);
    pending = pending.filter((n) => !done.has(n.id));
  }
  if (!ids.has(arch.output)) throw new MemnasError('ARCH_DANGLING_INPUT', `the output '${arch.output}' is not a node`);
  return order;
}
