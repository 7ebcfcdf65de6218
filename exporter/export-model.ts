// exportArchitecture: architecture + weights → ONNX bytes, naive (file order, no folding) or lean
// (batch norm folded into convs, duplicate and unused initializers removed, nodes written in the
// memory model's best order), with the memory model's estimate of both the architecture and the
// exported graph.
import type { Architecture } from '../search/architecture/types.ts';
import type { ArchitectureWeights } from '../search/architecture/weights.ts';
import { analyzeMemory } from '../search/memory/analyze.ts';
import { architectureMemoryGraph } from '../search/memory/from-architecture.ts';
import type { MemoryAnalysis } from '../search/memory/graph.ts';
import type { IrGraph } from './graph-ir.ts';
import { lowerArchitecture } from './lower-architecture.ts';
import { estimateOnnx } from './onnx/to-memory-graph.ts';
import { dedupeInitializers } from './passes/dedupe-initializers.ts';
import { foldBatchNorm } from './passes/fold-batch-norm.ts';
import { reorderNodes } from './passes/reorder.ts';
import { serializeGraph } from './serialize.ts';

export interface ExportOptions {
  /** Fold batch norm, de-duplicate, reorder for memory. Default true. */
  readonly lean?: boolean;
  /** Float16 weights. Default false. */
  readonly float16?: boolean;
  /**
   * Lean only: write nodes in the memory model's best order. Default true; off for readers of the
   * graph's kernels alone, which skip the memory analysis the order costs.
   */
  readonly reorder?: boolean;
}

export interface ExportResult {
  readonly bytes: Uint8Array;
  readonly inputName: string;
  readonly outputName: string;
  readonly nodeCount: number;
  readonly initializerCount: number;
  /** Batch norms folded into convolutions. */
  readonly foldedBatchNorms: number;
  /** The memory model on the architecture (batch 1). */
  readonly architectureEstimate: MemoryAnalysis;
  /** The memory model on the exported ONNX graph (batch 1). */
  readonly exportedEstimate: MemoryAnalysis;
}

/** The graph an export serializes (and the lowered one it came from): the one export pipeline. */
export function exportGraph(
  arch: Architecture,
  weights: ArchitectureWeights,
  options: Pick<ExportOptions, 'lean' | 'reorder'> = {},
): { readonly naive: IrGraph; readonly graph: IrGraph } {
  const lean = options.lean ?? true;
  const naive = lowerArchitecture(arch, weights);
  if (!lean) return { naive, graph: naive };
  const graph = dedupeInitializers(foldBatchNorm(naive));
  if (options.reorder === false) return { naive, graph };
  return { naive, graph: reorderNodes(graph, estimateOnnx(serializeGraph(graph)).order) };
}

export function exportArchitecture(
  arch: Architecture,
  weights: ArchitectureWeights,
  options: ExportOptions = {},
): ExportResult {
  const { naive, graph } = exportGraph(arch, weights, options);
  const serializeOptions = { float16: options.float16 ?? false, name: arch.name };
  const bytes = serializeGraph(graph, serializeOptions);
  const { graph: archGraph, paramBytes } = architectureMemoryGraph(arch, 1);
  return {
    bytes,
    inputName: graph.input.name,
    outputName: graph.output.name,
    nodeCount: graph.nodes.length,
    initializerCount: graph.initializers.size,
    foldedBatchNorms: naive.nodes.length - graph.nodes.length,
    architectureEstimate: analyzeMemory(archGraph, paramBytes),
    exportedEstimate: estimateOnnx(bytes),
  };
}
