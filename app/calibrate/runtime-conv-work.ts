// What each convolution of a runtime's optimized graph computes (search/calibration/
// runtime-kernels.ts RuntimeConvWork): the weight as the runtime stores it — in the blocked
// layout padded to the block, e.g. [32, 3, 3, 3] for a 24-channel 3×3 convolution of an RGB image
// on AVX-512 — times the output's pixels. The runtime's own operators (ReorderInput, the blocked
// Conv) are not ONNX's, so the graph's shape inference cannot size them; only the spatial sizes
// are needed, and they follow from the graph input through the windows of convolutions and pools.
import { int64List, type OnnxTypes } from '../../exporter/onnx/proto.ts';
import { attributeReader } from '../../exporter/onnx/shape-inference/context.ts';
import { windowOutput } from '../../exporter/onnx/shape-inference/helpers.ts';
import type { RuntimeConvWork } from '../../search/calibration/runtime-kernels.ts';

type NodeProto = OnnxTypes.INodeProto;
type Spatial = readonly number[];

const WINDOWS = new Set(['Conv', 'FusedConv', 'MaxPool', 'AveragePool', 'LpPool']);
const GLOBALS = new Set(['GlobalAveragePool', 'GlobalMaxPool', 'GlobalLpPool']);

/** A window's output pixels per axis from its input's (SAME_* pads to ceil(in / stride)). */
function windowSpatial(node: NodeProto, input: Spatial, kernel: readonly number[]): number[] {
  const a = attributeReader(node);
  const autoPad = a.string('auto_pad') ?? 'NOTSET';
  const strides = a.ints('strides') ?? input.map(() => 1);
  const dilations = a.ints('dilations') ?? input.map(() => 1);
  const pads = a.ints('pads') ?? [...input, ...input].map(() => 0);
  const ceil = (a.int('ceil_mode') ?? 0) === 1;
  return input.map((size, i) => {
    const s = strides[i] ?? 1;
    if (autoPad.startsWith('SAME')) return Math.ceil(size / s);
    const padTotal = autoPad === 'VALID' ? 0 : (pads[i] ?? 0) + (pads[i + input.length] ?? 0);
    return windowOutput(size, kernel[i] ?? 1, s, dilations[i] ?? 1, padTotal, ceil);
  });
}

/** A convolution's work from its stored weight's dims, its groups and its output's pixels. */
function convWork(weight: readonly number[], groups: number, output: Spatial): RuntimeConvWork {
  const pixels = output.reduce((p, x) => p * x, 1);
  const [outChannels = 0, perGroup = 0, ...window] = weight;
  const area = window.reduce((p, x) => p * x, 1);
  return {
    window: groups > 1 && perGroup === 1 ? 'depthwise' : area === 1 ? 'pointwise' : 'dense',
    macs: weight.reduce((p, x) => p * x, 1) * pixels,
    outputBytes: 4 * outChannels * pixels,
  };
}

/** Per node of `model` (the runtime's optimized graph), its convolution's work, or undefined. */
export function runtimeConvWork(model: OnnxTypes.IModelProto): (RuntimeConvWork | undefined)[] {
  const g = model.graph ?? {};
  const weights = new Map((g.initializer ?? []).map((t) => [t.name ?? '', int64List(t.dims)]));
  const spatial = new Map<string, Spatial>();
  for (const i of g.input ?? [])
    spatial.set(
      i.name ?? '',
      (i.type?.tensorType?.shape?.dim ?? []).slice(2).map((d) => Number(d.dimValue ?? 1)),
    );
  return (g.node ?? []).map((n) => {
    const input = spatial.get(n.input?.[0] ?? '') ?? [];
    const weight = weights.get(n.input?.[1] ?? '');
    const op = n.opType ?? '';
    const isConv = (op === 'Conv' || op === 'FusedConv') && weight !== undefined;
    const kernel = isConv ? weight.slice(2) : (attributeReader(n).ints('kernel_shape') ?? []);
    const output = WINDOWS.has(op)
      ? windowSpatial(n, input, kernel)
      : GLOBALS.has(op)
        ? input.map(() => 1)
        : input;
    for (const o of n.output ?? []) spatial.set(o, output);
    return isConv ? convWork(weight, attributeReader(n).int('group') ?? 1, output) : undefined;
  });
}
