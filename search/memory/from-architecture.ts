// Architecture JSON → MemoryGraph: every node output is a new fp32 tensor (the analytic model
// assumes no in-place execution; device calibration measures what a runtime really does).
import { nodeFacts } from '../architecture/shapes.ts';
import type { Architecture } from '../architecture/types.ts';
import type { MemoryGraph } from './graph.ts';

const FLOAT32_BYTES = 4;

export interface ArchitectureMemoryGraph {
  readonly graph: MemoryGraph;
  readonly paramBytes: number;
}

export function architectureMemoryGraph(arch: Architecture, batch = 1): ArchitectureMemoryGraph {
  const facts = nodeFacts(arch);
  const bytes = (shape: readonly number[]): number =>
    batch * FLOAT32_BYTES * shape.reduce((a, b) => a * b, 1);
  const tensors = new Map<string, number>([[arch.input.name, bytes(arch.input.shape)]]);
  for (const f of facts) tensors.set(f.node.id, bytes(f.outputShape));
  return {
    graph: {
      tensors,
      nodes: facts.map((f) => ({
        name: f.node.id,
        op: f.node.op,
        inputs: f.node.inputs,
        outputs: [f.node.id],
      })),
      graphInputs: [arch.input.name],
      graphOutputs: [arch.output],
    },
    paramBytes: FLOAT32_BYTES * facts.reduce((sum, f) => sum + f.params, 0),
  };
}
