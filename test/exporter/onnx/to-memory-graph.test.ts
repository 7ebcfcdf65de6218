// The ONNX → MemoryGraph conversion on every public-architecture fixture, checked against
// figures computed independently here: parameter bytes from the decoded initializers' raw_data,
// and the file-order peak from a plain liveness loop over tensor sizes onnxruntime-node reported.
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { estimateOnnx, onnxToMemoryGraph } from '../../../exporter/onnx/to-memory-graph.ts';
import { readOnnxModel } from '../../../exporter/onnx/read-model.ts';
import { analyzeMemory } from '../../../search/memory/analyze.ts';
import {
  PUBLIC_ARCHITECTURES,
  resNetBasicBlocks,
  type OnnxFixture,
} from '../../fixtures/onnx/public-architectures.ts';
import { runtimeTensors } from './ort-shapes.ts';

const { onnx } = onnxProto;
const BATCH = 2;

interface PlainGraph {
  readonly initializers: readonly { name: string; rawBytes: number }[];
  readonly constants: readonly number[];
  readonly nodes: readonly { inputs: string[]; outputs: string[] }[];
  readonly inputs: readonly string[];
  readonly outputs: ReadonlySet<string>;
}

/** The fixture decoded straight from protobuf, without memnas's reader. */
function plain(bytes: Uint8Array): PlainGraph {
  const g = onnx.ModelProto.decode(bytes).graph ?? onnx.GraphProto.create();
  const init = new Set((g.initializer ?? []).map((t) => t.name ?? ''));
  return {
    initializers: (g.initializer ?? []).map((t) => ({
      name: t.name ?? '',
      rawBytes: t.rawData?.length ?? 0,
    })),
    constants: (g.node ?? [])
      .filter((n) => n.opType === 'Constant')
      .map((n) => n.attribute?.[0]?.t?.rawData?.length ?? 0),
    nodes: (g.node ?? []).map((n) => ({
      inputs: (n.input ?? []).filter((x) => x !== '' && !init.has(x)),
      outputs: (n.output ?? []).filter((x) => x !== ''),
    })),
    inputs: (g.input ?? []).map((v) => v.name ?? '').filter((x) => !init.has(x)),
    outputs: new Set((g.output ?? []).map((v) => v.name ?? '')),
  };
}

/**
 * The strict rule, written out: graph inputs alive from the start; a node's inputs and outputs
 * are alive while it runs; a tensor is released after its last consumer unless it is an output.
 */
function fileOrderPeak(g: PlainGraph, bytes: (t: string) => number): number {
  const lastUse = new Map<string, number>();
  g.nodes.forEach((n, i) => n.inputs.forEach((t) => lastUse.set(t, i)));
  const live = new Set(g.inputs);
  const total = (): number => [...live].reduce((s, t) => s + bytes(t), 0);
  let peak = total();
  g.nodes.forEach((n, i) => {
    n.outputs.forEach((t) => live.add(t));
    peak = Math.max(peak, total());
    for (const t of [...n.inputs, ...n.outputs]) {
      if (!g.outputs.has(t) && (lastUse.get(t) ?? -1) <= i) live.delete(t);
    }
  });
  return peak;
}

async function runtimeSizes(f: OnnxFixture): Promise<(t: string) => number> {
  const sizes = await runtimeTensors(f.bytes, { [f.input]: [BATCH, ...f.inputDims] });
  const inputBytes = 4 * BATCH * f.inputDims.reduce((a, d) => a * d, 1);
  return (t) => (t === f.input ? inputBytes : (sizes.get(t)?.bytes ?? Number.NaN));
}

describe('onnxToMemoryGraph on public-architecture fixtures', () => {
  for (const make of PUBLIC_ARCHITECTURES) {
    const fixture = make();
    it(fixture.name, async () => {
      const g = plain(fixture.bytes);
      const result = onnxToMemoryGraph(readOnnxModel(fixture.bytes), { batch: BATCH });
      const analysis = analyzeMemory(result.graph, result.paramBytes);

      expect(result.paramBytes).toBe(g.initializers.reduce((s, t) => s + t.rawBytes, 0));
      expect(result.constantBytes).toBe(g.constants.reduce((s, b) => s + b, 0));
      for (const t of g.initializers) expect(result.graph.tensors.has(t.name)).toBe(false);

      const bytes = await runtimeSizes(fixture);
      for (const [t, size] of result.graph.tensors) expect({ t, size }).toEqual({ t, size: bytes(t) });

      const independent = fileOrderPeak(g, bytes);
      expect(analysis.fileOrderPeakActivationBytes).toBe(independent);
      expect(analysis.peakActivationBytes).toBeLessThanOrEqual(analysis.fileOrderPeakActivationBytes);
      const largestNode = Math.max(
        ...g.nodes.map((n) => [...new Set([...n.inputs, ...n.outputs])].reduce((s, t) => s + bytes(t), 0)),
      );
      expect(analysis.peakActivationBytes).toBeGreaterThanOrEqual(largestNode);

      const counted = Object.values(result.opCounts).reduce((a, b) => a + b, 0);
      expect(counted).toBe(g.nodes.length);
    });
  }

  it('counts Constant outputs as activations, not parameters', () => {
    const fixture = PUBLIC_ARCHITECTURES[0]?.() ?? resNetBasicBlocks();
    const result = onnxToMemoryGraph(readOnnxModel(fixture.bytes), { batch: 1 });
    const constantNodes = result.graph.nodes.filter((n) => n.op === 'Constant');
    expect(constantNodes.length).toBeGreaterThan(0);
    for (const n of constantNodes) {
      expect(n.inputs).toEqual([]);
      expect(result.graph.tensors.get(n.outputs[0] ?? '')).toBe(4);
    }
    expect(result.opCounts.Constant).toBe(constantNodes.length);
  });
});

describe('estimateOnnx', () => {
  it('is analyzeMemory on the converted graph, plus constants, op counts and node count', () => {
    const fixture = resNetBasicBlocks();
    const converted = onnxToMemoryGraph(readOnnxModel(fixture.bytes), { batch: 3 });
    const estimate = estimateOnnx(fixture.bytes, { batch: 3, orderBudget: 5000 });
    expect(estimate).toEqual({
      ...analyzeMemory(converted.graph, converted.paramBytes, { orderBudget: 5000 }),
      constantBytes: converted.constantBytes,
      opCounts: converted.opCounts,
      nodeCount: converted.graph.nodes.length,
    });
  });

  it('scales activations with the batch and leaves parameters alone', () => {
    const bytes = resNetBasicBlocks().bytes;
    const one = estimateOnnx(bytes, { batch: 1 });
    const four = estimateOnnx(bytes, { batch: 4 });
    expect(four.paramBytes).toBe(one.paramBytes);
    expect(four.fileOrderPeakActivationBytes).toBe(4 * one.fileOrderPeakActivationBytes);
    expect(four.totalBytes).toBe(four.paramBytes + four.peakActivationBytes);
  });

  it('rejects a batch that is not a positive integer', () => {
    expect(() => estimateOnnx(resNetBasicBlocks().bytes, { batch: 0 })).toThrow(
      /batch must be a positive integer/,
    );
  });
});
