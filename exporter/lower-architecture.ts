// Architecture + weights → the exporter's graph form, in the architecture's execution order,
// NCHW, every node lowered by its operator's lowering. This is the "naive" export; the lean
// passes rewrite it.
import { nodeFacts } from '../search/architecture/shapes.ts';
import type { ArchNode, Architecture } from '../search/architecture/types.ts';
import { checkWeights } from '../search/architecture/weights-file.ts';
import type { ArchitectureWeights } from '../search/architecture/weights.ts';
import { MemnasError } from '../search/errors.ts';
import type { IrGraph, IrInitializer, IrNode } from './graph-ir.ts';
import { lowerings } from './lower/all-lowerings.ts';
import { flattenFoldsIntoDense } from './lower/flat.ts';

/** Name of the ONNX graph output (the logits). */
export const OUTPUT_NAME = 'logits';

export function lowerArchitecture(arch: Architecture, weights: ArchitectureWeights): IrGraph {
  checkWeights(arch, weights);
  const facts = nodeFacts(arch);
  const consumersOf = new Map<string, ArchNode[]>();
  for (const f of facts)
    for (const i of f.node.inputs) consumersOf.set(i, [...(consumersOf.get(i) ?? []), f.node]);
  const shapeOf = new Map<string, readonly number[]>([[arch.input.name, arch.input.shape]]);
  for (const f of facts) shapeOf.set(f.node.id, f.outputShape);

  const initializers = new Map<string, IrInitializer>();
  const nodes: IrNode[] = [];
  const tensorOf = (id: string): string => (id === arch.output ? OUTPUT_NAME : id);
  for (const f of facts) {
    const lowering = lowerings[f.node.op];
    if (lowering === undefined)
      throw new MemnasError('ONNX_EXPORT', `node '${f.node.id}': no ONNX lowering for op '${f.node.op}'`);
    lowering(f.node, {
      facts: f,
      weights: weights[f.node.id] ?? {},
      inputs: f.node.inputs.map(tensorOf),
      inputShapes: f.inputShapes,
      output: tensorOf(f.node.id),
      consumers: consumersOf.get(f.node.id) ?? [],
      initializer(name, init) {
        if (initializers.has(name)) {
          const old = initializers.get(name)!;
          const same = old.data.length === init.data.length && old.data.every((v, i) => v === init.data[i]);
          if (!same) throw new MemnasError('ONNX_EXPORT', `two different initializers named '${name}'`);
        }
        initializers.set(name, init);
        return name;
      },
      emit: (node) => nodes.push(node),
      flattenedFrom(id) {
        const producer = facts.find((x) => x.node.id === id)?.node;
        if (producer?.op !== 'flatten' || !flattenFoldsIntoDense(consumersOf.get(id) ?? [])) return undefined;
        const shape = shapeOf.get(producer.inputs[0]!);
        // A flat input has no rows to reorder.
        return shape !== undefined && shape.length >= 3 ? shape : undefined;
      },
    });
  }
  const [height, width, channels] = arch.input.shape;
  return {
    input: { name: arch.input.name, channels, height, width },
    output: { name: OUTPUT_NAME, classes: arch.classes },
    initializers,
    nodes,
  };
}
