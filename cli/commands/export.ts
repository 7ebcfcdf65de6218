// `memnas export`: parses the flags (declared in cli/specs/export.ts) and the input files into a
// frozen ExportConfig, exports with app/export/export.ts, and prints the result.
import type { ExportResult } from '../../exporter/export-model.ts';
import { parseArchitecture } from '../../search/architecture/parse.ts';
import { randomWeights } from '../../search/architecture/random-weights.ts';
import { checkWeights, decodeWeights } from '../../search/architecture/weights-file.ts';
import { MemnasError } from '../../search/errors.ts';
import { buildArchitecture } from '../../search/space/build.ts';
import { randomGenotype } from '../../search/space/random.ts';
import {
  describeDifference,
  describeTolerance,
  type ExportConfig,
  exportModel,
  type ExportSource,
  needsComparison,
  type Verification,
} from '../../app/export/export.ts';
import { nonNegativeInt, parseFlags, positiveInt } from '../args.ts';
import { synopsis } from '../flags.ts';
import { formatBytes, table } from '../format.ts';
import { parseJson, readBytes } from '../../app/read-input.ts';
import { exportSpec } from '../specs/export.ts';

export { requireClose } from '../../app/export/export.ts';

const USAGE = synopsis(exportSpec);

type Source = ExportSource;

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

export function parseExportConfig(argv: readonly string[]): ExportConfig & { readonly json: boolean } {
  const { values, positionals } = parseFlags(argv, exportSpec);
  const out = values.output;
  if (out === undefined) throw new MemnasError('USAGE', `-o model.onnx is required (usage: ${USAGE})`);
  const source = loadSource(positionals, values);
  const wanted = {
    verify: values.verify === true,
    reference: values.reference,
    float16: values.float16 ?? false,
  };
  return Object.freeze({
    source,
    output: out,
    lean: !values.naive,
    ...wanted,
    // Read only when there is a comparison: --batch means nothing without one.
    comparison: needsComparison(wanted)
      ? { batch: positiveInt(values.batch, '--batch', 4), backend: values.backend ?? 'auto' }
      : undefined,
    json: values.json === true,
  });
}

export async function runExport(argv: readonly string[]): Promise<number> {
  const c = parseExportConfig(argv);
  const { result, verify } = await exportModel(c);
  if (c.json) {
    console.log(
      JSON.stringify(
        {
          output: c.output,
          architecture: c.source.arch.name,
          weights: c.source.weightsFrom,
          lean: c.lean,
          float16: c.float16,
          nodeCount: result.nodeCount,
          initializerCount: result.initializerCount,
          foldedBatchNorms: result.foldedBatchNorms,
          bytes: result.bytes.length,
          architectureEstimate: pick(result.architectureEstimate),
          exportedEstimate: pick(result.exportedEstimate),
          ...(verify ?? {}),
          ...(c.reference ? { reference: c.reference } : {}),
        },
        null,
        2,
      ),
    );
  } else {
    printSummary(c.output, c.source, result, verify);
  }
  return 0;
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
