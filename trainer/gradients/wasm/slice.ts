// Slice and SplitV for wasm with short innermost rows copied element by element: wasm's own
// kernels copy every row through a new subarray view, ~1 µs per row, so slicing channels out of
// an NHWC tensor (the gradient of a channel concat — every block output in the search space)
// took ~30 ms for 64×16×16×64. Strings and other dtypes go to the original kernels.

import { backend_util, util } from '@tensorflow/tfjs-core';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { input, wasmKernelConfig } from './wasm-ops.ts';
import type { WasmOps } from './wasm-ops.ts';

/** Rows shorter than this are copied element by element; longer ones with one set(). */
const SHORT_ROW = 64;

function sliceInto(ops: WasmOps, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  const out = ops.empty(size);
  const xv = ops.values(x);
  const ov = ops.values(out);
  const rank = x.shape.length;
  const strides = util.computeStrides(x.shape);
  const row = size[rank - 1] ?? 1;
  const rows = util.sizeFromShape(size) / Math.max(1, row);
  const index = new Array<number>(Math.max(0, rank - 1)).fill(0);
  for (let r = 0, dst = 0; r < rows; r++, dst += row) {
    let src = begin[rank - 1] ?? 0;
    for (let d = 0; d < rank - 1; d++) src += ((begin[d] ?? 0) + (index[d] ?? 0)) * (strides[d] ?? 0);
    if (row < SHORT_ROW) for (let k = 0; k < row; k++) ov[dst + k] = xv[src + k] as number;
    else ov.set(xv.subarray(src, src + row), dst);
    // Advance the multi-index over the outer axes, last axis fastest.
    for (let d = rank - 2; d >= 0; d--) {
      const next = (index[d] ?? 0) + 1;
      if (next < (size[d] ?? 1)) {
        index[d] = next;
        break;
      }
      index[d] = 0;
    }
  }
  return out;
}

export function sliceConfig(original: KernelConfig): KernelConfig {
  const fast = wasmKernelConfig('Slice', (inputs, attrs, ops) => {
    const x = input(inputs, 'x');
    const [begin, size] = backend_util.slice_util.parseSliceParams(
      x,
      attrs['begin'] as number[],
      attrs['size'] as number[],
    );
    return sliceInto(ops, x, begin ?? [], size ?? []);
  });
  return {
    ...fast,
    kernelFunc: (args) =>
      args.inputs['x']?.dtype === 'float32' ? fast.kernelFunc(args) : original.kernelFunc(args),
  };
}

export function splitVConfig(original: KernelConfig): KernelConfig {
  return {
    kernelName: 'SplitV',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs['x'];
      if (x === undefined || x.dtype !== 'float32') return original.kernelFunc(args);
      const attrs = args.attrs ?? {};
      const axis = util.parseAxisParam(attrs['axis'] as number, x.shape)[0] ?? 0;
      const splits = backend_util.prepareSplitSize(
        x as never,
        attrs['numOrSizeSplits'] as number[] | number,
        axis,
      );
      const begin = new Array<number>(x.shape.length).fill(0);
      return splits.map((s) => {
        const size = x.shape.slice();
        size[axis] = s;
        const piece = fast(args.backend, x, begin.slice(), size);
        begin[axis] = (begin[axis] ?? 0) + s;
        return piece;
      });
    },
  };
}

function fast(backend: unknown, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  const config = wasmKernelConfig('Slice', (_inputs, _attrs, ops) => sliceInto(ops, x, begin, size));
  return config.kernelFunc({ inputs: { x }, attrs: {}, backend: backend as never }) as TensorInfo;
}
