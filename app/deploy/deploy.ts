// Deploying a finished search run from a frozen config: the run's winning model on a device
// (this machine or one behind a coordinator) classifies the whole test split with onnxruntime,
// the host classifies the same images with tfjs, the device profiles the model's peak memory and
// latency (in its measuring process, and at batch 1 in a plain one), and a self-contained bundle
// is written whose `npm start` runs the model as it was measured. cli/commands/deploy.ts parses
// and prints.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { DeviceDescription } from '../../profiler-agent/protocol.ts';
import { MemnasError } from '../../search/errors.ts';
import { analyticMemory } from '../../search/loop/analytic-oracle.ts';
import { loadDataset } from '../../trainer/data/load-dataset.ts';
import { datasetSpecFromArg } from '../dataset-arg.ts';
import { bundleFiles } from './bundle.ts';
import { hostEvaluate } from './host-accuracy.ts';
import { checkDevice, type DeviceTarget, runOnDevice } from './on-device.ts';
import { plainPeakOf } from './plain-peak.ts';
import { readFinishedRun } from './run-folder.ts';
import { measuredProcess, startCommand } from './start-command.ts';
import { accuracyOf, inputBlob } from './test-inputs.ts';
import { writeDirAtomic } from './write-dir-atomic.ts';

export interface DeployConfig {
  /** The search run folder. */
  readonly dir: string;
  /** The bundle folder to write. */
  readonly target: string;
  readonly device: DeviceTarget;
}

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

/** What `memnas deploy --json` prints and the bundle keeps as deploy.json. */
export interface DeployResult {
  readonly onDeviceAccuracy: number;
  readonly hostAccuracy: number;
  /** Batch-1 peak in the agent's measuring process: what the bundle's `npm start` runs. */
  readonly peakMemoryBytes: number;
  /**
   * Batch-1 peak of the same model in a plain process (default allocator, JIT and thread pool:
   * `node run-node.mjs`), measured on the device; null when its agent cannot (plainNote says why).
   */
  readonly plainPeakMemoryBytes: number | null;
  readonly plainNote?: string;
  /** The bundle's start script: the measuring process's environment variables and node flags. */
  readonly startCommand: string;
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

export async function deployRun(a: DeployConfig, log: (line: string) => void): Promise<DeployResult> {
  const run = readFinishedRun(a.dir);
  probeWritable(a.target);
  await checkDevice(a.device);
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
  const plain = plainPeakOf(onDevice.plainProfile);
  const measured = measuredProcess(profile);
  const result: DeployResult = {
    onDeviceAccuracy: accuracyOf(predictions, test.labels),
    hostAccuracy: host.accuracy,
    peakMemoryBytes: profile.peakMemoryBytes,
    plainPeakMemoryBytes: plain.bytes,
    ...(plain.note === undefined ? {} : { plainNote: plain.note }),
    startCommand: startCommand(measured),
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
      ...(measured === undefined ? {} : { measuredProcess: measured }),
      analytic: analyticMemory(run.best),
    },
  );
  writeDirAtomic(a.target, {
    ...files,
    'deploy.json':
      JSON.stringify({ ...result, bundle: '.', profile, plainProfile: onDevice.plainProfile }, null, 2) +
      '\n',
  });
  return result;
}
