// A kernel probe: a one-input ONNX model that runs one fused kernel (fused-kernels.ts) `copies`
// times, each copy reading the same input with its own weights, and returns the first copy's
// output. onnxruntime runs the copies nothing reads (measured on Node: ten 16-channel 3×3
// convolutions, one returned, 0.16 ms against 0.03–0.05 ms for one), so the difference between
// probes of n copies and of 1 is n − 1 kernels without the run call's and the output copy's fixed
// cost, which dwarfs a kernel of a few microseconds. Random weights differ per copy, so no
// runtime merges the copies as common subexpressions.
import type { FusedKernel } from '../../search/calibration/fused-kernels.ts';
import { MemnasError } from '../../search/errors.ts';
import { createRng } from '../../search/random.ts';
import { attr, type AttrValue, OnnxModelBuilder } from './model-builder.ts';
import { numel } from './tensor-info.ts';

/** A probe under construction: initializers with seeded values, nodes with fresh names. */
class ProbeGraph {
  readonly builder = new OnnxModelBuilder({ opset: 14 });
  private count = 0;
  private readonly rng = createRng(1);

  /** Values in [0.05, 0.15): positive, so batch-norm variances and Clip bounds stay valid. */
  constant(dims: readonly number[]): string {
    const name = `c${this.count++}`;
    const data = Float32Array.from({ length: numel(dims) }, () => 0.05 + 0.1 * this.rng.next());
    this.builder.initializer(name, dims, data);
    return name;
  }

  node(op: string, inputs: readonly string[], attrs: Record<string, AttrValue> = {}): string {
    const out = `t${this.count++}`;
    this.builder.node(op, inputs, [out], attrs);
    return out;
  }
}

/** Pads that make a window of `k` with `stride` map `size` to `out` (ONNX order: begins, ends). */
function windowAttrs(
  k: FusedKernel,
  inHw: readonly number[],
  outHw: readonly number[],
): Record<string, AttrValue> {
  const pad = inHw.map((size, i) => Math.max(0, (outHw[i]! - 1) * k.stride + (k.window[i] ?? 1) - size));
  return {
    kernel_shape: attr.ints(k.window),
    strides: attr.ints(inHw.map(() => k.stride)),
    pads: attr.ints([...pad.map((p) => Math.floor(p / 2)), ...pad.map((p) => p - Math.floor(p / 2))]),
  };
}

/** The fused activation as the file would hold it (Clip with constant bounds, as PyTorch writes ReLU6). */
function activate(g: ProbeGraph, x: string, activation: string | null): string {
  if (activation === null) return x;
  return activation === 'Clip'
    ? g.node('Clip', [x, g.constant([]), g.constant([])])
    : g.node(activation, [x]);
}

function convolution(g: ProbeGraph, k: FusedKernel, inD: readonly number[], outD: readonly number[]): string {
  const [cin, ...inHw] = inD;
  const [cout, ...outHw] = outD;
  const weights = g.constant([cout!, cin! / k.group, ...k.window]);
  const conv = g.node('Conv', ['x', weights, g.constant([cout!])], {
    ...windowAttrs(k, inHw, outHw),
    group: attr.int(k.group),
  });
  return activate(g, conv, k.activation);
}

/** The other inputs a Concat reads: the output's remaining channels split among them. */
function concatParts(
  g: ProbeGraph,
  k: FusedKernel,
  inD: readonly number[],
  outD: readonly number[],
): string[] {
  const rest = outD[0]! - inD[0]!;
  const n = Math.max(1, k.inputs - 1);
  return Array.from({ length: n }, (_, i) => Math.floor(rest / n) + (i < rest % n ? 1 : 0))
    .filter((c) => c > 0)
    .map((c) => g.constant([1, c, ...inD.slice(1)]));
}

/** One copy of the kernel reading 'x'; null for a kernel no probe stands for (a reshape's alias). */
function copy(g: ProbeGraph, k: FusedKernel, inD: readonly number[], outD: readonly number[]): string | null {
  switch (k.kind) {
    case 'conv':
    case 'pointwise':
    case 'depthwise':
      return convolution(g, k, inD, outD);
    case 'gemm':
      return g.node('Gemm', ['x', g.constant([outD[0]!, inD[0]!]), g.constant([outD[0]!])], {
        transB: attr.int(1),
      });
    case 'pool':
      return g.node(k.op, ['x'], windowAttrs(k, inD.slice(1), outD.slice(1)));
    case 'globalPool':
      return g.node(k.op.startsWith('Reduce') ? `Global${k.op.slice(6)}Pool` : k.op, ['x']);
    case 'add':
      return g.node(k.op === 'Sum' ? 'Add' : k.op, ['x', g.constant(inD)]);
    case 'concat':
      return g.node('Concat', ['x', ...concatParts(g, k, inD, outD)], { axis: attr.int(1) });
    case 'elementwise':
      if (k.op === 'BatchNormalization') {
        const c = (): string => g.constant([inD[0]!]);
        return g.node('BatchNormalization', ['x', c(), c(), c(), c()], { epsilon: attr.float(1e-5) });
      }
      return activate(g, 'x', k.op);
    default:
      return null;
  }
}

/**
 * The probe of `kernel` with `copies` copies, or null when no probe stands for it (reshapes, ops
 * of class 'other'). Throws MemnasError ONNX_EXPORT for a kernel without shapes.
 */
export function kernelProbe(kernel: FusedKernel, copies = 1): Uint8Array | null {
  const inD = kernel.inputDims.slice(1);
  const outD = kernel.outputDims.slice(1);
  if (inD.length === 0 || outD.length === 0)
    throw new MemnasError(
      'ONNX_EXPORT',
      `a ${kernel.op} kernel without input or output shape cannot be probed`,
    );
  const g = new ProbeGraph();
  const outputs: string[] = [];
  for (let i = 0; i < copies; i++) {
    const out = copy(g, kernel, inD, outD);
    if (out === null) return null;
    outputs.push(out);
  }
  // Constants shaped to the input (an Add's other operand) fix its batch at 1.
  const batch = kernel.kind === 'add' || kernel.kind === 'concat' ? 1 : 'N';
  g.builder.input('x', [batch, ...inD]).output(outputs[0]!, [batch, ...outD]);
  return g.builder.toBytes();
}
