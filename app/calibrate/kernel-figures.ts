// ONNX bytes → the figures a calibration reads: exporter/onnx/analysis/onnx-figures.ts's
// GraphFigures plus the fused-kernel table the latency model is linear in
// (search/calibration/fused-kernels.ts). This file only turns the file's nodes and inferred shapes
// into the fusion rules' neutral node list; the rules themselves stay pure on the search side.
import { onnxFigures } from '../../exporter/onnx/analysis/onnx-figures.ts';
import { int64, type OnnxTypes } from '../../exporter/onnx/proto.ts';
import { readOnnxModel } from '../../exporter/onnx/read-model.ts';
import { onnxToMemoryGraph } from '../../exporter/onnx/to-memory-graph.ts';
import { dtypeBits, initializerBytes, numel } from '../../exporter/onnx/tensor-info.ts';
import type { GraphFigures } from '../../search/calibration/figures.ts';
import {
  type FusedKernel,
  type FusedKernelTable,
  type OpNode,
  fusedKernelList,
  kernelTableOf,
} from '../../search/calibration/fused-kernels.ts';

type Dims = readonly number[];

const GLOBAL_POOLS = new Set(['GlobalAveragePool', 'GlobalMaxPool', 'ReduceMean', 'ReduceMax']);

function attribute(node: OnnxTypes.INodeProto, name: string): OnnxTypes.IAttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}

/** Per-sample work of one node: MACs for Conv/Gemm, window reads for pools, elements otherwise. */
function macsOf(node: OnnxTypes.INodeProto, dimsOf: (t: string) => Dims): number {
  const op = node.opType ?? '';
  const inputs = node.input ?? [];
  const outN = numel(dimsOf(node.output?.[0] ?? ''));
  if (op === 'Conv') {
    const w = dimsOf(inputs[1] ?? '');
    return outN * (w[1] ?? 1) * numel(w.slice(2));
  }
  if (op === 'Gemm' || op === 'MatMul') {
    const a = dimsOf(inputs[0] ?? '');
    const transA = op === 'Gemm' && int64(attribute(node, 'transA')?.i) === 1;
    return outN * ((transA ? a[a.length - 2] : a[a.length - 1]) ?? 1);
  }
  if (GLOBAL_POOLS.has(op)) return numel(dimsOf(inputs[0] ?? ''));
  const window = attribute(node, 'kernel_shape')?.ints;
  if (window) return outN * numel(window.map((v) => int64(v)));
  return outN;
}

/** The fused kernels of an ONNX model at batch 1 (per-sample figures), in file order. */
export function kernelList(bytes: Uint8Array): FusedKernel[] {
  const model = readOnnxModel(bytes);
  const { shapes } = onnxToMemoryGraph(model, { batch: 1 });
  const init = new Map<string, number>();
  for (const t of model.graph?.initializer ?? []) init.set(t.name ?? '', initializerBytes(t));
  const dimsOf = (t: string): Dims => shapes.get(t)?.dims ?? [];
  const nodes: OpNode[] = (model.graph?.node ?? []).map((n) => {
    const window = windowOf(n, dimsOf);
    return {
      op: n.opType ?? '',
      inputs: (n.input ?? []).filter((x) => x !== ''),
      outputs: (n.output ?? []).filter((x) => x !== ''),
      group: attribute(n, 'group') === undefined ? 1 : int64(attribute(n, 'group')?.i),
      kernelArea: n.opType === 'Conv' ? numel(window) : 0,
      macs: macsOf(n, dimsOf),
      window,
      stride: int64(attribute(n, 'strides')?.ints?.[0] ?? 1),
    };
  });
  return fusedKernelList(nodes, {
    bytes: (t) => {
      const shape = shapes.get(t);
      if (init.has(t) || shape === undefined) return init.get(t) ?? 0;
      return (numel(shape.dims) * (dtypeBits(shape.dtype) ?? 32)) / 8;
    },
    isInitializer: (t) => init.has(t),
    dims: dimsOf,
  });
}

/** A Conv's kernel dimensions (from its weight when kernel_shape is absent) or a pool's window. */
function windowOf(node: OnnxTypes.INodeProto, dimsOf: (t: string) => Dims): number[] {
  const window = attribute(node, 'kernel_shape')?.ints?.map((v) => int64(v));
  if (window !== undefined) return window;
  return node.opType === 'Conv' ? [...dimsOf(node.input?.[1] ?? '').slice(2)] : [];
}

/** The fused-kernel table of an ONNX model at batch 1 (per-sample figures). */
export function kernelTable(bytes: Uint8Array): FusedKernelTable {
  return kernelTableOf(kernelList(bytes));
}

/** Everything a calibration point needs: the memory model's figures and the fused kernels. */
export function calibrationFigures(bytes: Uint8Array, orderBudget?: number): GraphFigures {
  return { ...onnxFigures(bytes, orderBudget), fusedKernels: kernelTable(bytes) };
}
