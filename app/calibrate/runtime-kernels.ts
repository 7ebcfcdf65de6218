// The runtime's own kernels of a model (search/calibration/runtime-kernels.ts), read off the graph
// the runtime writes after its optimizations — on this machine, and only for a device whose
// runtime this machine reproduces exactly: the same runtime and version on the same CPU model,
// architecture and OS, with the device's session options. onnxruntime chooses its blocked layout
// by the CPU's vector width (8 floats on x86-64, 16 with AVX-512, none in WebAssembly), so any
// other device's graph may differ, and its figures keep the file-level kernels only.
import { cpus } from 'node:os';
import type { OnnxTypes } from '../../exporter/onnx/proto.ts';
import { readOnnxModel } from '../../exporter/onnx/read-model.ts';
import { onnxToMemoryGraph } from '../../exporter/onnx/to-memory-graph.ts';
import { dtypeBits, numel } from '../../exporter/onnx/tensor-info.ts';
import type { DeviceDescription, SessionOptions } from '../../profiler-agent/protocol.ts';
import type { GraphFigures } from '../../search/calibration/figures.ts';
import {
  type RuntimeKernelTable,
  type RuntimeNode,
  runtimeKernelTable,
} from '../../search/calibration/runtime-kernels.ts';
import { calibrationFigures } from './kernel-figures.ts';
import { runtimeConvWork } from './runtime-conv-work.ts';

/** Computes a model's runtime kernel table as the device's runtime would run it. */
export interface RuntimeGraphSource {
  /** The runtime whose graphs these are, e.g. 'ort-node 1.30.0'. */
  readonly runtime: string;
  table(model: Uint8Array): Promise<RuntimeKernelTable>;
}

/** A string attribute of a node ('' when absent): onnx stores it as bytes. */
function stringAttribute(node: OnnxTypes.INodeProto, name: string): string {
  const value = (node.attribute ?? []).find((a) => a.name === name)?.s;
  return value === undefined || value === null ? '' : new TextDecoder().decode(value);
}

/**
 * The table of `optimized` (the runtime's graph of `original`): reorder sizes from the original's
 * shapes, convolutions' work as the runtime stores them (runtime-conv-work.ts).
 */
export function runtimeTableOf(original: Uint8Array, optimized: Uint8Array): RuntimeKernelTable {
  const { shapes } = onnxToMemoryGraph(readOnnxModel(original), { batch: 1 });
  const bytesOf = (tensor: string | undefined): number => {
    const shape = shapes.get(tensor ?? '');
    if (shape === undefined) return 0;
    return (numel(shape.dims) * (dtypeBits(shape.dtype) ?? 32)) / 8;
  };
  const graph = readOnnxModel(optimized);
  const work = runtimeConvWork(graph);
  const nodes: RuntimeNode[] = (graph.graph?.node ?? []).map((n, i) => ({
    ...(work[i] === undefined ? {} : { conv: work[i] }),
    op: n.opType ?? '',
    domain: n.domain ?? '',
    activation: stringAttribute(n, 'activation'),
    // A reorder's plain-layout side keeps the original tensor's name: ReorderOutput writes it,
    // ReorderInput reads it.
    reorderBytes:
      n.opType === 'ReorderOutput'
        ? bytesOf(n.output?.[0])
        : n.opType === 'ReorderInput'
          ? bytesOf(n.input?.[0])
          : 0,
  }));
  return runtimeKernelTable(nodes);
}

/** Whether this machine runs `device`'s runtime graph: same runtime, version, CPU model, architecture, OS. */
export function reproducesDevice(
  device: DeviceDescription,
  runtime: { name: string; version: string },
): boolean {
  return (
    device.runtime.name === runtime.name &&
    device.runtime.version === runtime.version &&
    device.cpuModel === (cpus()[0]?.model.trim() || 'unknown') &&
    device.arch === process.arch &&
    device.os === process.platform
  );
}

/**
 * The source for `device`'s runtime graphs, or null when this machine cannot reproduce them (another
 * CPU or runtime, a runtime that does not write its graph, or none installed here).
 */
export async function hostRuntimeGraph(
  device: DeviceDescription | undefined,
): Promise<RuntimeGraphSource | null> {
  if (device === undefined) return null;
  const { nodeRuntimes } = await import('../../profiler-agent/runtime/index.ts');
  const { isAgentError } = await import('../../profiler-agent/errors.ts');
  let runtime;
  try {
    runtime = await nodeRuntimes().resolve(device.runtime.name);
  } catch (e) {
    // Not installed here, or not a Node runtime (ort-web): the file's kernels only.
    if (isAgentError(e) && e.code === 'RUNTIME_UNAVAILABLE') return null;
    throw e;
  }
  const optimize = runtime.optimize?.bind(runtime);
  if (optimize === undefined || !reproducesDevice(device, runtime)) return null;
  const options: SessionOptions = device.sessionOptions;
  return {
    runtime: `${runtime.name} ${runtime.version}`,
    table: async (model) => runtimeTableOf(model, await optimize(model, options)),
  };
}

/** A model's calibration figures, with the device runtime's kernel table when `source` computes it. */
export async function deviceFigures(
  model: Uint8Array,
  source: RuntimeGraphSource | null,
): Promise<GraphFigures> {
  const figures = calibrationFigures(model);
  return source === null ? figures : { ...figures, runtimeKernels: await source.table(model) };
}
