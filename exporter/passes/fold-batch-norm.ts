// Folds each BatchNormalization into the Conv that feeds it (when that Conv feeds nothing else):
// W' = W·γ/√(σ²+ε) per output channel, b' = (b − μ)·γ/√(σ²+ε) + β. One node and one tensor
// less per folded pair, and the runtime never holds the un-normalised feature map.
import type { IrGraph, IrInitializer, IrNode } from '../graph-ir.ts';
import { consumers } from '../graph-ir.ts';

export function foldBatchNorm(graph: IrGraph): IrGraph {
  const inits = new Map(graph.initializers);
  const users = consumers(graph.nodes);
  const producer = new Map(graph.nodes.flatMap((n, i) => n.outputs.map((t) => [t, i] as const)));
  const replaced = new Map<number, IrNode>();
  const dropped = new Set<number>();
  graph.nodes.forEach((bn, bi) => {
    if (bn.opType !== 'BatchNormalization') return;
    const source = bn.inputs[0]!;
    const ci = producer.get(source);
    const conv = ci === undefined ? undefined : (replaced.get(ci) ?? graph.nodes[ci]);
    if (
      ci === undefined ||
      conv?.opType !== 'Conv' ||
      users.get(source)?.length !== 1 ||
      source === graph.output.name
    )
      return;
    const get = (k: number): IrInitializer => inits.get(bn.inputs[k]!)!;
    const [gamma, beta, mean, variance] = [get(1), get(2), get(3), get(4)];
    const eps = bn.attrs.epsilon?.kind === 'float' ? bn.attrs.epsilon.value : 1e-5;
    const weight = inits.get(conv.inputs[1]!)!;
    const outChannels = weight.dims[0]!;
    const perChannel = weight.data.length / outChannels;
    const scale = Float64Array.from(gamma.data, (g, c) => g / Math.sqrt(variance.data[c]! + eps));
    const w = Float32Array.from(weight.data, (v, i) => v * scale[Math.floor(i / perChannel)]!);
    const oldBias = conv.inputs[2] ? inits.get(conv.inputs[2])!.data : new Float32Array(outChannels);
    const b = Float32Array.from(scale, (s, c) => (oldBias[c]! - mean.data[c]!) * s + beta.data[c]!);
    const wName = `${conv.name}.weight.folded`;
    const bName = `${conv.name}.bias.folded`;
    inits.set(wName, { dims: weight.dims, data: w });
    inits.set(bName, { dims: [outChannels], data: b });
    replaced.set(ci, {
      ...conv,
      name: bn.name,
      inputs: [conv.inputs[0]!, wName, bName],
      outputs: bn.outputs,
    });
    dropped.add(bi);
  });
  const nodes = graph.nodes.flatMap((n, i) => (dropped.has(i) ? [] : [replaced.get(i) ?? n]));
  return removeUnusedInitializers({ ...graph, nodes, initializers: inits });
}

/** Drops initializers no node reads. */
export function removeUnusedInitializers(graph: IrGraph): IrGraph {
  const used = new Set(graph.nodes.flatMap((n) => n.inputs));
  return { ...graph, initializers: new Map([...graph.initializers].filter(([name]) => used.has(name))) };
}
