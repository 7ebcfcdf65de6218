// Calls the wasm backend's own kernels directly, the way backends compose kernels internally,
// so our gradient kernels run at XNNPACK speed with no engine bookkeeping per intermediate.
// Every intermediate is freed by dispose(); the result is kept by passing it to keep().

import { getKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Padding of each side of the two spatial axes, in NHWC order. Negative values crop. */
export interface Pads {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

export class WasmOps {
  private readonly temps: TensorInfo[] = [];

  constructor(private readonly backend: BackendWasm) {}

  run(kernelName: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap = {}): TensorInfo {
    const kernel = getKernel(kernelName, 'wasm');
    if (kernel === undefined) throw new Error(`wasm kernel ${kernelName} is not registered`);
    const out = kernel.kernelFunc({ inputs, attrs, backend: this.backend }) as TensorInfo;
    this.temps.push(out);
    return out;
  }

  /**
   * Removes `t` from the intermediates so dispose() leaves it alive; returns it. A kernel must
   * return a tensor it owns, so an input passed through unchanged is copied.
   */
  keep(t: TensorInfo): TensorInfo {
    const i = this.temps.lastIndexOf(t);
    if (i >= 0) {
      this.temps.splice(i, 1);
      return t;
    }
    const copy = this.run('Identity', { x: t });
    return this.keep(copy);
  }

  dispose(): void {
    for (const t of this.temps) this.backend.disposeData(t.dataId);
    this.temps.length = 0;
  }

  /** A new float32 tensor with uninitialised data, for a caller that writes every element. */
  empty(shape: number[]): TensorInfo {
    const out = this.backend.makeOutput(shape, 'float32');
    this.temps.push(out);
    return out;
  }

  /** A new float32 tensor, zero-filled (wasm's heap allocator does not clear memory). */
  zeros(shape: number[]): TensorInfo {
    const out = this.backend.makeOutput(shape, 'float32');
    this.temps.push(out);
    this.values(out).fill(0);
    return out;
  }

  /**
   * A live view of a float32 tensor's data on the wasm heap. Views die when the heap grows, so
   * take them after the last allocation and do not keep them.
   */
  values(t: TensorInfo): Float32Array {
    return this.backend.typedArrayFromHeap(t) as Float32Array;
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  /** NHWC → [C, H, W, N] ("channels as batch"), in two transposes wasm runs much faster than one. */
  nhwcToCHWN(x: TensorInfo): TensorInfo {
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const hwcn = this.transpose(this.reshape(x, [n, h * w * c]), [1, 0]);
    const chwn = this.transpose(this.reshape(hwcn, [h * w, c, n]), [1, 0, 2]);
    return this.reshape(chwn, [c, h, w, n]);
  }

  /** NHWC → [H, W, C, N], as one 2-D transpose. */
  nhwcToHWCN(x: TensorInfo): TensorInfo {
    const [n, h, w, c] = x.shape as [number, number, number, number];
    return this.reshape(this.transpose(this.reshape(x, [n, h * w * c]), [1, 0]), [h, w, c, n]);
  }

  /** NHWC → [H, W, N, C], as one 3-D transpose with the channels kept contiguous. */
  nhwcToHWNC(x: TensorInfo): TensorInfo {
    const [n, h, w, c] = x.shape as [number, number, number, number];
    return this.reshape(this.transpose(this.reshape(x, [n, h * w, c]), [1, 0, 2]), [h, w, n, c]);
  }

  /** a [M, K] · b [K, N] → [M, N], through wasm's XNNPACK matmul (no transposed operands: slow path). */
  matMul(a: TensorInfo, b: TensorInfo): TensorInfo {
    const [m, k] = a.shape as [number, number];
    const n = b.shape[1] as number;
    const out = this.run(
      'BatchMatMul',
      { a: this.reshape(a, [1, m, k]), b: this.reshape(b, [1, k, n]) },
      { transposeA: false, transposeB: false },
    );
    return this.reshape(out, [m, n]);
  }

  reverse(x: TensorInfo, dims: number[]): TensorInfo {
    return this.run('Reverse', { x }, { dims });
  }

  sum(x: TensorInfo, axis: number[]): TensorInfo {
    return this.run('Sum', { x }, { axis, keepDims: false });
  }

  pad(x: TensorInfo, paddings: [number, number][]): TensorInfo {
    if (paddings.every(([a, b]) => a === 0 && b === 0)) return x;
    return this.run('PadV2', { x }, { paddings, constantValue: 0 });
  }

  slice(x: TensorInfo, begin: number[], size: number[]): TensorInfo {
    if (begin.every((b, i) => b === 0 && size[i] === x.shape[i])) return x;
    return this.run('Slice', { x }, { begin, size });
  }

  /** x[begin : end : strides] per axis. */
  stridedSlice(x: TensorInfo, begin: number[], end: number[], strides: number[]): TensorInfo {
    const attrs = {
      begin,
      end,
      strides,
      beginMask: 0,
      endMask: 0,
      ellipsisMask: 0,
      newAxisMask: 0,
      shrinkAxisMask: 0,
    };
    return this.run('StridedSlice', { x }, attrs);
  }

  concat(xs: TensorInfo[], axis: number): TensorInfo {
    if (xs.length === 1 && xs[0] !== undefined) return xs[0];
    // Concat takes its inputs as a list, not by name.
    return this.run('Concat', xs as unknown as Record<string, TensorInfo>, { axis });
  }

  /** Crops the spatial axes (1, 2) of an NHWC tensor where `pads` is negative; returns the pads left. */
  cropNegative(x: TensorInfo, pads: Pads): [TensorInfo, Pads] {
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const t = Math.max(0, -pads.top);
    const b = Math.max(0, -pads.bottom);
    const l = Math.max(0, -pads.left);
    const r = Math.max(0, -pads.right);
    const cropped = this.slice(x, [0, t, l, 0], [n, h - t - b, w - l - r, c]);
    const rest = {
      top: Math.max(0, pads.top),
      bottom: Math.max(0, pads.bottom),
      left: Math.max(0, pads.left),
      right: Math.max(0, pads.right),
    };
    return [cropped, rest];
  }

  conv2d(
    x: TensorInfo,
    filter: TensorInfo,
    strides: [number, number],
    dilations: [number, number],
    pads: Pads,
  ): TensorInfo {
    return this.windowed('Conv2D', x, filter, strides, dilations, pads);
  }

  depthwise(
    x: TensorInfo,
    filter: TensorInfo,
    strides: [number, number],
    dilations: [number, number],
    pads: Pads,
  ): TensorInfo {
    return this.windowed('DepthwiseConv2dNative', x, filter, strides, dilations, pads);
  }

  /** A forward conv kernel with explicit pads; negative pads crop the input first. */
  private windowed(
    kernel: 'Conv2D' | 'DepthwiseConv2dNative',
    x: TensorInfo,
    filter: TensorInfo,
    strides: [number, number],
    dilations: [number, number],
    pads: Pads,
  ): TensorInfo {
    const [input, p] = this.cropNegative(x, pads);
    const pad = [
      [0, 0],
      [p.top, p.bottom],
      [p.left, p.right],
      [0, 0],
    ];
    return this.run(
      kernel,
      { x: input, filter },
      { strides, dilations, pad, dataFormat: 'NHWC', dimRoundingMode: 'floor' },
    );
  }
}

/** Input tensors of a kernel call, by name. */
export type KernelInputs = Record<string, TensorInfo | undefined>;

/**
 * A kernel config for the 'wasm' backend whose body composes wasm kernels through `ops`; the
 * intermediates are freed afterwards and only the returned tensor stays alive.
 */
export function wasmKernelConfig(
  kernelName: string,
  body: (inputs: KernelInputs, attrs: NamedAttrMap, ops: WasmOps) => TensorInfo,
): KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const ops = new WasmOps(backend as BackendWasm);
      try {
        return ops.keep(body(inputs, attrs ?? {}, ops));
      } finally {
        ops.dispose();
      }
    },
  };
}

/** The named input, which tfjs-core's op guarantees is present. */
export function input(inputs: KernelInputs, name: string): TensorInfo {
  const t = inputs[name];
  if (t === undefined) throw new Error(`missing kernel input '${name}'`);
  return t;
}
