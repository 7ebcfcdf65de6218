// Exporting one architecture from a frozen config: the ONNX bytes (lean unless naive), compared
// with the tfjs model in onnxruntime-node when asked (and always for float16, to say what halving
// the weights costs), the reference batch written out, then the model itself. Nothing is written
// when --verify fails. cli/commands/export.ts parses the flags and prints the result.
import { exportArchitecture, type ExportResult } from '../../exporter/export-model.ts';
import type { Architecture } from '../../search/architecture/types.ts';
import type { ArchitectureWeights } from '../../search/architecture/weights.ts';
import { MemnasError } from '../../search/errors.ts';
import { writeFileAtomic } from '../write-atomic.ts';
import { type OutputDifference, VERIFY_TOLERANCE } from './allclose.ts';

export interface ExportSource {
  readonly arch: Architecture;
  readonly weights: ArchitectureWeights;
  /** Where the weights came from, as the summary names it. */
  readonly weightsFrom: string;
}

export interface ExportConfig {
  readonly source: ExportSource;
  /** The ONNX file to write. */
  readonly output: string;
  /** False for --naive: the graph as built, without the lean rewrites. */
  readonly lean: boolean;
  readonly float16: boolean;
  /** Fail (and write nothing) unless the ONNX output matches tfjs's within VERIFY_TOLERANCE. */
  readonly verify: boolean;
  /** Where to write the comparison batch, if anywhere. */
  readonly reference: string | undefined;
  /** The comparison (when there is one): images in the batch and the tfjs backend. */
  readonly comparison: { readonly batch: number; readonly backend: string } | undefined;
}

export interface Verification {
  readonly maxAbsDiff: number;
  readonly maxRelDiff: number;
  /** Whether the outputs pass numpy.allclose with VERIFY_TOLERANCE (--verify fails otherwise). */
  readonly allclose: boolean;
  readonly float16Difference?: number;
}

export interface ExportOutcome {
  readonly result: ExportResult;
  readonly verify: Verification | undefined;
}

/** Whether the config asks for a comparison with tfjs (--verify, --reference or --float16). */
export function needsComparison(o: {
  verify: boolean;
  reference: string | undefined;
  float16: boolean;
}): boolean {
  return o.verify || o.reference !== undefined || o.float16;
}

export async function exportModel(c: ExportConfig): Promise<ExportOutcome> {
  const { arch, weights } = c.source;
  const result = exportArchitecture(arch, weights, { lean: c.lean, float16: c.float16 });
  let verify: Verification | undefined;
  if (c.comparison !== undefined) {
    const { compareWithTfjs } = await import('./compare-tfjs.ts');
    const comparison = await compareWithTfjs(arch, weights, result, { ...c.comparison, float16: c.float16 });
    if (c.reference !== undefined) writeFileAtomic(c.reference, JSON.stringify(comparison.reference));
    const { maxAbsDiff, maxRelDiff, allclose } = comparison.difference;
    verify = {
      maxAbsDiff,
      maxRelDiff,
      allclose,
      ...(comparison.float16Difference === undefined
        ? {}
        : { float16Difference: comparison.float16Difference }),
    };
    // A float16 export is compared with tfjs running the same float16-rounded weights.
    if (c.verify) requireClose(comparison.difference, c.output);
  }
  writeFileAtomic(c.output, result.bytes);
  return { result, verify };
}

export function describeDifference(d: { maxAbsDiff: number; maxRelDiff: number }): string {
  return `${d.maxAbsDiff.toExponential(3)} absolute, ${d.maxRelDiff.toExponential(3)} relative`;
}

export function describeTolerance(): string {
  return `|onnx − tfjs| ≤ ${VERIFY_TOLERANCE.atol} + ${VERIFY_TOLERANCE.rtol}·|tfjs|`;
}

/** Throws VERIFY_FAILED unless the outputs pass numpy.allclose with VERIFY_TOLERANCE. */
export function requireClose(d: OutputDifference, out: string): void {
  if (d.allclose) return;
  throw new MemnasError(
    'VERIFY_FAILED',
    `ONNX output differs from tfjs by ${describeDifference(d)}, beyond ${describeTolerance()}; ${out} was not written`,
  );
}
