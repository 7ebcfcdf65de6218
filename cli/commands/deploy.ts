// `memnas deploy`: takes a finished search run's winning model to a device — this machine or one
// behind a coordinator — classifies the run's whole test split there with onnxruntime, compares
// the device's accuracy with the host's (tfjs, same weights, same images), profiles the model's
// peak memory and latency there, and writes a self-contained deploy bundle.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { DeviceDescription } from '../../profiler-agent/protocol.ts';
import { MemnasError } from '../../search/errors.ts';
import { analyticMemory } from '../../search/loop/analytic-oracle.ts';
import { loadDataset } from '../../trainer/data/load-dataset.ts';
import { parseFlags } from '../args.ts';
import { datasetSpecFromArg } from '../../app/dataset-arg.ts';
import { bundleFiles } from '../../app/deploy/bundle.ts';
import { hostEvaluate } from '../../app/deploy/host-accuracy.ts';
import { checkDevice, type DeviceTarget, runOnDevice } from '../../app/deploy/on-device.ts';
import { readFinishedRun } from '../../app/deploy/run-folder.ts';
import { accuracyOf, inputBlob } from '../../app/deploy/test-inputs.ts';
import { writeDirAtomic } from '../../app/deploy/write-dir-atomic.ts';
import { USAGE as USAGES } from './usage.ts';

const USAGE = USAGES.deploy;

/** Fails fast (before minutes of evaluation) when the bundle's folder cannot be written. */
function probeWritable(target: string): void {
  try {
    mkdirSync(dirname(target), { recursive: true });
    rmSync(mkdtempSync(join(dirname(target), `.${basename(target)}.probe-`)), { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new MemnasError('FILE_UNWRITABLE', `cannot write the bundle ${target}: ${code}`, { cause: e });
  }
}

const safe = (name: string): string => name.replace(/[^A-Za-z0-9._-]+/g, '_');

interface DeployArgs {
  readonly dir: string;
  readonly target: string;
  readonly device: DeviceTarget;
  readonly json: boolean;
}

function parseDeployArgs(argv: readonly string[]): DeployArgs {
  const { values, positionals } = parseFlags(
    argv,
    {
      device: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      coordinator: { type: 'string' },
      token: { type: 'string' },
    },
    USAGE,
  );
  if (positionals.length !== 1)
    throw new MemnasError('USAGE', `expected one search run folder (usage: ${USAGE})`);
  const device = values.device ?? 'local';
  const coordinator = values.coordinator ?? process.env.MEMNAS_COORDINATOR;
  const token = values.token ?? process.env.MEMNAS_TOKEN;
  if (device !== 'local') {
    if (coordinator === undefined)
      throw new MemnasError(
        'USAGE',
        `deploying to device '${device}' needs a coordinator (--coordinator URL or MEMNAS_COORDINATOR); use --device local for this machine`,
      );
    if (token === undefined)
      throw new MemnasError('USAGE', '--token T (or MEMNAS_TOKEN) is required with a coordinator');
  }
  const dir = positionals[0]!;
  return {
    dir,
    target: values.out ?? join(dir, `deploy-${safe(device)}`),
    device: {
      device,
      ...(coordinator === undefined ? {} : { coordinator }),
      ...(token === undefined ? {} : { token }),
    },
    json: values.json === true,
  };
}

/** What `memnas deploy --json` prints and the bundle keeps as deploy.json. */
export interface DeployResult {
  readonly onDeviceAccuracy: number;
  readonly hostAccuracy: number;
  readonly peakMemoryBytes: number;
  /** p50 at batch 1, milliseconds. */
  readonly latencyMs: number;
  readonly bundle: string;
  readonly device: DeviceDescription;
  readonly testImages: number;
  /** Test images whose top-1 class differs between device and host. */
  readonly disagreements: number;
  readonly hostBackend: string;
  /** Wall-clock of the device's whole-test-set classification (batches of 100). */
  readonly inferenceMs: number;
}

function printResult(r: DeployResult): void {
  const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;
  console.log(
    `${r.device.name} (${r.device.runtime.name} ${r.device.runtime.version}): ${pct(r.onDeviceAccuracy)} on ${r.testImages} test images; host (tfjs ${r.hostBackend}) ${pct(r.hostAccuracy)}; ${r.disagreements} images classified differently`,
  );
  console.log(
    `peak memory ${(r.peakMemoryBytes / 1000).toFixed(1)} KB, latency p50 ${r.latencyMs.toFixed(3)} ms (batch 1); bundle: ${r.bundle}`,
  );
}

export async function runDeploy(argv: readonly string[]): Promise<number> {
  const a = parseDeployArgs(argv);
  const run = readFinishedRun(a.dir);
  probeWritable(a.target);
  await checkDevice(a.device);
  const log = a.json ? () => {} : (line: string) => process.stderr.write(`${line}\n`);

  const data = await loadDataset(datasetSpecFromArg(run.config.dataset, run.config.seed));
  if (data.test === undefined)
    throw new MemnasError(
      'DATASET_INVALID',
      `the run's dataset ${run.config.dataset} has no test split to deploy against`,
    );
  const test = data.test;
  log(`${a.device.device}: classifying ${test.count} test images with onnxruntime and profiling the model…`);
  const onDevice = await runOnDevice(run.onnx, inputBlob(test), a.device);
  log('host: classifying the same images with tfjs…');
  const host = await hostEvaluate(run.best, run.weights, test);
  const predictions = onDevice.evaluation.predictions;
  const profile = onDevice.profile;
  const result: DeployResult = {
    onDeviceAccuracy: accuracyOf(predictions, test.labels),
    hostAccuracy: host.accuracy,
    peakMemoryBytes: profile.peakMemoryBytes,
    latencyMs: profile.latencyMs.p50,
    bundle: a.target,
    device: profile.device,
    testImages: test.count,
    disagreements: predictions.filter((p, i) => p !== host.predictions[i]).length,
    hostBackend: host.backend,
    inferenceMs: onDevice.evaluation.inferenceMs,
  };
  const [height, width, channels] = run.best.input.shape;
  const codeBytes = profile.batches.find((b) => b.batch === 1)?.codeBytes;
  const files = bundleFiles(
    run.onnx,
    data.classNames,
    { height, width, channels },
    {
      ...result,
      runName: basename(resolve(a.dir)),
      dataset: run.config.dataset,
      latencyP90Ms: profile.latencyMs.p90,
      memoryMethod: profile.memory.method,
      ...(codeBytes === undefined ? {} : { codeBytes }),
      analytic: analyticMemory(run.best),
    },
  );
  writeDirAtomic(a.target, {
    ...files,
    'deploy.json': JSON.stringify({ ...result, bundle: '.', profile }, null, 2) + '\n',
  });
  if (a.json) console.log(JSON.stringify(result, null, 2));
  else printResult(result);
  return 0;
}
