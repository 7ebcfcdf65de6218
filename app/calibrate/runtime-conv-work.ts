// What each convolution of a runtime's optimized graph computes (search/calibration/
// runtime-kernels.ts RuntimeConvWork): the weight as the runtime stores it — in the blocked
// layout padded to the block, e.g. [32, 3, 3, 3] for a 24-channel 3×3 convolution of an RGB image
// on AVX-512 — times the output's pixels. The runtime's own operators (ReorderInput, the blocked
// Conv) are not ONNX's, so the graph's shape inference cannot size them; only the spatial sizes
// are needed, and they follow from the graph input through the windows of convolutions and pools.
import { int64List, type OnnxTypes } from '../../exporter/onnx/proto.ts';
import { attributeReader } from '../../exporter/onnx/shape-inference/context.ts';
import {
  readWindow,
  type WindowContext,
  windowOutputDims,
} from '../../exporter/onnx/shape-inference/window.ts';
import { numel } from '../../exporter/onnx/tensor-info.ts';
import type { RuntimeConvWork } from '../../search/calibration/runtime-kernels.ts';
import { MemnasError } from '../../search/errors.ts';

type NodeProto = OnnxTypes.INodeProto;
type Spatial = readonly number[];

const WINDOWS = new Set(['Conv', 'FusedConv', 'MaxPool', 'AveragePool', 'LpPool']);
const GLOBALS = new Set(['GlobalAveragePool', 'GlobalMaxPool', 'GlobalLpPool']);

/** The node's window arithmetic context: its attributes, and an ONNX_SHAPE error naming it. */
function windowContext(node: NodeProto): WindowContext {
  return {
    attrs: attributeReader(node),
    fail: (reason) => {
      throw new MemnasError('ONNX_SHAPE', `runtime graph node '${node.name ?? node.opType}': ${reason}`);
    },
  };
}

/**
 * A window's output pixels per axis from its input's, as shape inference computes them; the kernel
 * from kernel_shape, else `kernel` (a convolution's stored weight), else 1 per axis.
 */
function windowSpatial(node: NodeProto, input: Spatial, kernel: readonly number[] | undefined): number[] {
  if (input.length === 0) return []; // nothing known of the input's size: none of the output's
  const ctx = windowContext(node);
  const ceil = (ctx.attrs.int('ceil_mode') ?? 0) === 1;
  const window = readWindow(ctx, input.length, kernel ?? input.map(() => 1));
  return windowOutputDims(ctx, window, input, ceil);
}

/** A convolution's work from its stored weight's dims, its groups and its output's pixels. */
function convWork(weight: readonly number[], groups: number, output: Spatial): RuntimeConvWork {
  const pixels = numel(output);
  const [outChannels = 0, perGroup = 0, ...window] = weight;
  return {
    window: groups > 1 && perGroup === 1 ? 'depthwise' : numel(window) === 1 ? 'pointwise' : 'dense',
    macs: numel(weight) * pixels,
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
    const output = WINDOWS.has(op)
      ? windowSpatial(n, input, isConv ? weight.slice(2) : undefined)
      : GLOBALS.has(op)
        ? input.map(() => 1)
        : input;
    for (const o of n.output ?? []) spatial.set(o, output);
    return isConv ? convWork(weight, attributeReader(n).int('group') ?? 1, output) : undefined;
  });
}
