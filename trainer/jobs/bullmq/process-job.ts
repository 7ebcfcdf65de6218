// What a worker does with one job from the queue: check it (a malformed job or one from another
// memnas version fails at once, unretried, and the worker lives on), resolve its dataset and
// inherited weights by hash, train it in a local worker process, and store the trained weights
// as a blob so the job's return value stays small.
import { UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import { parseArchitecture } from '../../../search/architecture/parse.ts';
import { decodeWeights, encodeWeights } from '../../../search/architecture/weights-file.ts';
import type { ArchitectureWeights } from '../../../search/architecture/weights.ts';
import { isMemnasError } from '../../../search/errors.ts';
import type { TrainOptions } from '../../contract.ts';
import type { JobQueue } from '../queue.ts';
import { getBlob, putBlob } from './blobs.ts';
import { resolveDataset } from './dataset-ref.ts';
import { parseJobData, type JobData, type JobResult } from './wire.ts';

export interface ProcessorDeps {
  readonly redis: Redis;
  /** Trains the checked job (a LocalJobQueue: a crash there fails only the job). */
  readonly local: JobQueue;
  readonly version: string;
  /** Where dataset blobs are unpacked. */
  readonly cacheDir: string;
  /** This worker's --name, returned with each result. */
  readonly name: string;
  /** Honour jobs' faultInjection (tests only). */
  readonly allowFaults: boolean;
}

/** The job's data checked; a problem becomes BullMQ's UnrecoverableError (no retry: it would fail the same way). */
export function checkJob(raw: unknown, deps: ProcessorDeps): JobData {
  try {
    const data = parseJobData(raw, deps.version);
    parseArchitecture(data.architecture);
    if (data.faultInjection !== undefined && !deps.allowFaults)
      throw new UnrecoverableError(
        'malformed training job: faultInjection is a test hook this worker does not honour',
      );
    return data;
  } catch (e) {
    if (e instanceof UnrecoverableError) throw e;
    throw new UnrecoverableError(isMemnasError(e) ? `${e.code}: ${e.message}` : String(e));
  }
}

export async function processJob(raw: unknown, deps: ProcessorDeps): Promise<JobResult> {
  const data = checkJob(raw, deps);
  const [dataset, initialWeights] = await Promise.all([
    resolveDataset(data.dataset, deps.redis, deps.cacheDir),
    data.initialWeights === undefined ? undefined : fetchWeights(deps.redis, data.initialWeights),
  ]);
  const r = await deps.local.submit({
    architecture: parseArchitecture(data.architecture),
    dataset,
    // Parsed from JSON, the options hold no undefined values; zod's types only allow them.
    options: {
      ...(data.options as TrainOptions),
      ...(initialWeights === undefined ? {} : { initialWeights }),
    },
    ...(data.faultInjection === undefined ? {} : { faultInjection: data.faultInjection }),
  });
  return {
    validationAccuracy: r.validationAccuracy,
    validationLoss: r.validationLoss,
    lossCurve: r.lossCurve.map((p) => ({ step: p.step, loss: p.loss })),
    imagesSeen: r.imagesSeen,
    seconds: r.seconds,
    backend: r.backend,
    weights: await putBlob(deps.redis, encodeWeights(r.weights)),
    worker: deps.name,
  };
}

async function fetchWeights(redis: Redis, hash: string): Promise<ArchitectureWeights> {
  return decodeWeights(
    await getBlob(redis, hash, 'inherited weights'),
    `inherited weights ${hash.slice(0, 12)}`,
  );
}
