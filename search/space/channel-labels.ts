// Where every channel of every tensor comes from, as a label: a convolution, add or dense layer
// labels its output channels by its own id, a concatenation lists its inputs' labels, and
// channel-wise ops (batch norm, activation, pools, global pooling, depthwise convs) keep their
// input's labels. Two graphs that share node ids (a parent and its grown or trimmed child) then
// agree on which input channel of a layer is "the same" channel even where a concatenation
// widened, narrowed or appeared.
import { nodeFacts } from '../architecture/shapes.ts';
import type { Architecture, ArchNode } from '../architecture/types.ts';

const CHANNEL_WISE = new Set<ArchNode['op']>(['batchNorm', 'activation', 'maxPool', 'avgPool', 'globalPool']);

const own = (id: string, n: number): string[] => Array.from({ length: n }, (_, k) => `${id}#${k}`);

function labelsOf(node: ArchNode, channels: number, inputs: readonly (readonly string[])[]): string[] {
  if (node.op === 'concat') return inputs.flat();
  if (CHANNEL_WISE.has(node.op)) return [...(inputs[0] ?? own(node.id, channels))];
  if (node.op === 'depthwiseConv') {
    const m = node.multiplier;
    return (inputs[0] ?? []).flatMap((l) => Array.from({ length: m }, (_, j) => `${node.id}(${l})#${j}`));
  }
  return own(node.id, channels);
}

/** Labels of the channels of every tensor (graph input and node outputs), by tensor id. */
export function channelLabels(arch: Architecture): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  out.set(arch.input.name, own(arch.input.name, arch.input.shape[2]));
  for (const f of nodeFacts(arch)) {
    const channels = f.outputShape[f.outputShape.length - 1] ?? 0;
    const inputs = f.node.inputs.map((i) => out.get(i) ?? []);
    out.set(f.node.id, labelsOf(f.node, channels, inputs));
  }
  return out;
}
