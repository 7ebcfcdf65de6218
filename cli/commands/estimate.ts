// `memnas estimate`: the analytic memory model for an architecture JSON or any ONNX file.
import { parseArchitecture } from '../../search/architecture/parse.ts';
import { analyzeMemory } from '../../search/memory/analyze.ts';
import { architectureMemoryGraph } from '../../search/memory/from-architecture.ts';
import type { MemoryAnalysis } from '../../search/memory/graph.ts';
import { MemnasError } from '../../search/errors.ts';
import { estimateOnnx } from '../../exporter/onnx/to-memory-graph.ts';
import { USAGE as USAGES } from './usage.ts';
import { parseFlags, positiveInt } from '../args.ts';
import { formatBytes, table } from '../format.ts';
import { looksLikeJson, parseJson, readBytes } from '../read-input.ts';

const USAGE = USAGES.estimate;

export interface EstimateReport extends MemoryAnalysis {
  readonly file: string;
  readonly kind: 'architecture' | 'onnx';
  readonly batch: number;
  readonly nodeCount: number;
  /** ONNX only: bytes of Constant-node values (not in paramBytes). */
  readonly constantBytes?: number;
}

export function estimateFile(path: string, batch: number, orderBudget?: number): EstimateReport {
  const bytes = readBytes(path);
  const options = orderBudget === undefined ? {} : { orderBudget };
  if (path.endsWith('.json') || looksLikeJson(bytes)) {
    const arch = parseArchitecture(parseJson(bytes, path));
    const { graph, paramBytes } = architectureMemoryGraph(arch, batch);
    const analysis = analyzeMemory(graph, paramBytes, options);
    return { file: path, kind: 'architecture', batch, nodeCount: graph.nodes.length, ...analysis };
  }
  const onnx = estimateOnnx(bytes, { batch, ...options });
  return { file: path, kind: 'onnx', batch, ...onnx };
}

function printSummary(r: EstimateReport): void {
  const live = r.liveAtPeak.slice(0, 12).map((t) => [`  ${t.tensor}`, formatBytes(t.bytes)]);
  console.log(`${r.file}: ${r.kind}, ${r.nodeCount} nodes, batch ${r.batch}\n`);
  console.log(
    table([
      ['parameters', formatBytes(r.paramBytes)],
      [`peak activations (best order, ${r.orderSearch.method})`, formatBytes(r.peakActivationBytes)],
      ['peak activations (file order)', formatBytes(r.fileOrderPeakActivationBytes)],
      ["peak activations (MemNAS paper's rule)", formatBytes(r.methodPeakActivationBytes)],
      ['total (parameters + best-order peak)', formatBytes(r.totalBytes)],
      ...(r.constantBytes
        ? [['constant-node values (not in parameters)', formatBytes(r.constantBytes)]]
        : []),
    ]),
  );
  console.log(`\nalive at the peak (while '${r.peakNode}' runs):`);
  console.log(table(live));
  if (r.liveAtPeak.length > live.length)
    console.log(`  … and ${r.liveAtPeak.length - live.length} smaller tensors`);
}

export async function runEstimate(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    { batch: { type: 'string' }, json: { type: 'boolean' }, 'order-budget': { type: 'string' } },
    USAGE,
  );
  if (positionals.length !== 1) throw new MemnasError('USAGE', `expected one model file (usage: ${USAGE})`);
  const batch = positiveInt(values.batch, '--batch', 1);
  const budget =
    values['order-budget'] === undefined
      ? undefined
      : positiveInt(values['order-budget'], '--order-budget', 1);
  const report = estimateFile(positionals[0]!, batch, budget);
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printSummary(report);
  return 0;
}
