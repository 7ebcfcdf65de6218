// `memnas export`: architecture JSON (+ trained weights) → ONNX, lean by default, optionally
// verified against the tfjs model in onnxruntime-node and with a reference batch written out.
import { exportArchitecture, type ExportResult } from '../../exporter/export-model.ts';
import { parseArchitecture } from '../../search/architecture/parse.ts';
import { randomWeights } from '../../search/architecture/random-weights.ts';
import type { Architecture } from '../../search/architecture/types.ts';
import { checkWeights, decodeWeights } from '../../search/architecture/weights-file.ts';
import type { ArchitectureWeights } from '../../search/architecture/weights.ts';
import { MemnasError } from '../../search/errors.ts';
import { buildArchitecture } from '../../search/space/build.ts';
import { randomGenotype } from '../../search/space/random.ts';
import { type OutputDifference, VERIFY_TOLERANCE } from '../../app/export/allclose.ts';
import { USAGE as USAGES } from './usage.ts';
import { nonNegativeInt, parseFlags, positiveInt } from '../args.ts';
import { formatBytes, table } from '../format.ts';
import { parseJson, readBytes } from '../read-input.ts';
import { writeFileAtomic } from '../../app/write-atomic.ts';

const USAGE = USAGES.export;

interface Source {
  readonly arch: Architecture;
  readonly weights: ArchitectureWeights;
  readonly weightsFrom: string;
}

function loadSource(positionals: readonly string[], values: Record<string, unknown>): Source {
  const seedText = values.seed as string | undefined;
  if (values.random) {
    if (positionals.length > 0)
      throw new MemnasError('USAGE', `--random replaces the architecture file; drop '${positionals[0]}'`);
    const seed = nonNegativeInt(seedText, '--seed', 0);
    const arch = parseArchitecture(
      buildArchitecture(randomGenotype(seed), { shape: [28, 28, 1], classes: 10 }, `random-${seed}`),
    );
    if (values.weights !== undefined)
      throw new MemnasError('USAGE', '--random makes its own weights; drop --weights');
    return { arch, weights: randomWeights(arch, seed), weightsFrom: `random (seed ${seed})` };
  }
  if (positionals.length !== 1)
    throw new MemnasError('USAGE', `expected one architecture file or --random (usage: ${USAGE})`);
  const path = positionals[0]!;
  const arch = parseArchitecture(parseJson(readBytes(path), path));
  const weightsPath = values.weights as string | undefined;
  if (weightsPath === undefined) {
    const seed = nonNegativeInt(seedText, '--seed', 0);
    return {
      arch,
      weights: randomWeights(arch, seed),
      weightsFrom: `random (seed ${seed}; pass --weights for trained ones)`,
    };
  }
  const weights = decodeWeights(readBytes(weightsPath), weightsPath);
  checkWeights(arch, weights);
  return { arch, weights, weightsFrom: weightsPath };
}

function printSummary(out: string, source: Source, r: ExportResult, verify: Verification | undefined): void {
  console.log(
    `${out}: ${source.arch.name}, ${r.nodeCount} nodes, ${r.initializerCount} initializers, weights ${source.weightsFrom}`,
  );
  if (r.foldedBatchNorms > 0) console.log(`folded ${r.foldedBatchNorms} batch norms into convolutions`);
  console.log(
    '\n' +
      table([
        ['memory model (batch 1)', 'architecture', 'exported ONNX'],
        [
          'parameters',
          formatBytes(r.architectureEstimate.paramBytes),
          formatBytes(r.exportedEstimate.paramBytes),
        ],
        [
          'peak activations',
          formatBytes(r.architectureEstimate.peakActivationBytes),
          formatBytes(r.exportedEstimate.peakActivationBytes),
        ],
        ['total', formatBytes(r.architectureEstimate.totalBytes), formatBytes(r.exportedEstimate.totalBytes)],
      ]),
  );
  if (verify)
    console.log(
      `\ncompared with tfjs in onnxruntime-node: largest difference ${describeDifference(verify)}, ${verify.allclose ? 'within' : 'beyond'} ${describeTolerance()}`,
    );
  if (verify?.float16Difference !== undefined) {
    console.log(
      `float16 weights change the output by at most ${verify.float16Difference.toExponential(3)} (vs float32 weights)`,
    );
  }
}

export async function runExport(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      output: { type: 'string', short: 'o' },
      weights: { type: 'string' },
      verify: { type: 'boolean' },
      reference: { type: 'string' },
      random: { type: 'boolean' },
      seed: { type: 'string' },
      naive: { type: 'boolean' },
      float16: { type: 'boolean' },
      batch: { type: 'string' },
      backend: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  const out = values.output;
  if (out === undefined) throw new MemnasError('USAGE', `-o model.onnx is required (usage: ${USAGE})`);
  const source = loadSource(positionals, values);
  const result = exportArchitecture(source.arch, source.weights, {
    lean: !values.naive,
    float16: values.float16 ?? false,
  });

  let verify: Verification | undefined;
  // A float16 export always reports what halving the weights costs in output difference.
  if (values.verify || values.reference !== undefined || values.float16) {
    const { compareWithTfjs } = await import('../../app/export/compare-tfjs.ts');
    const batch = positiveInt(values.batch, '--batch', 4);
    const comparison = await compareWithTfjs(source.arch, source.weights, result, {
      batch,
      backend: values.backend ?? 'auto',
      float16: values.float16 ?? false,
    });
    if (values.reference !== undefined)
      writeFileAtomic(values.reference, JSON.stringify(comparison.reference));
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
    if (values.verify) requireClose(comparison.difference, out);
  }
  writeFileAtomic(out, result.bytes);
  if (values.json) {
    console.log(
      JSON.stringify(
        {
          output: out,
          architecture: source.arch.name,
          weights: source.weightsFrom,
          lean: !values.naive,
          float16: values.float16 ?? false,
          nodeCount: result.nodeCount,
          initializerCount: result.initializerCount,
          foldedBatchNorms: result.foldedBatchNorms,
          bytes: result.bytes.length,
          architectureEstimate: pick(result.architectureEstimate),
          exportedEstimate: pick(result.exportedEstimate),
          ...(verify ?? {}),
          ...(values.reference ? { reference: values.reference } : {}),
        },
        null,
        2,
      ),
    );
  } else {
    printSummary(out, source, result, verify);
  }
  return 0;
}

interface Verification {
  readonly maxAbsDiff: number;
  readonly maxRelDiff: number;
  /** Whether the outputs pass numpy.allclose with VERIFY_TOLERANCE (--verify fails otherwise). */
  readonly allclose: boolean;
  readonly float16Difference?: number;
}

function describeDifference(d: { maxAbsDiff: number; maxRelDiff: number }): string {
  return `${d.maxAbsDiff.toExponential(3)} absolute, ${d.maxRelDiff.toExponential(3)} relative`;
}

function describeTolerance(): string {
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

function pick(a: ExportResult['exportedEstimate']) {
  return {
    paramBytes: a.paramBytes,
    peakActivationBytes: a.peakActivationBytes,
    fileOrderPeakActivationBytes: a.fileOrderPeakActivationBytes,
    methodPeakActivationBytes: a.methodPeakActivationBytes,
    totalBytes: a.totalBytes,
  };
}
