// What crosses Redis between a searching memnas and its workers, in one file both sides import:
// the queue's name, a training job's data and a finished job's return value, each with the zod
// schema a worker (or the search) checks it against on arrival. Datasets and weights travel as
// content hashes (blobs.ts), never inline.
import { z } from 'zod';
import { MemnasError } from '../../../search/errors.ts';

/** The BullMQ queue every memnas search and worker on one Redis shares. */
export const QUEUE_NAME = 'memnas-train';

const hash = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 in hex');
const count = z.number().int().positive();
const limit = z.strictObject({
  train: count.optional(),
  validation: count.optional(),
  test: count.optional(),
});
const split = {
  validationFraction: z.number().gt(0).lt(1).optional(),
  seed: z.number().int().min(0).optional(),
  limit: limit.optional(),
};

/** A dataset every worker resolves by itself (Fashion-MNIST by name), or a blob by hash. */
const datasetRef = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('named'), name: z.literal('fashion-mnist'), ...split }),
  z.strictObject({ kind: z.literal('blob'), hash, ...split }),
]);

const options = z.strictObject({
  budget: z
    .strictObject({
      epochs: z.number().positive().optional(),
      images: count.optional(),
      seconds: z.number().positive().optional(),
    })
    .optional(),
  batchSize: count.optional(),
  optimizer: z.enum(['sgd', 'adam']).optional(),
  learningRate: z.number().positive().optional(),
  weightDecay: z.number().min(0).optional(),
  schedule: z.enum(['cosine', 'step', 'constant']).optional(),
  warmup: z.number().min(0).max(1).optional(),
  augment: z
    .union([
      z.literal(false),
      z.strictObject({ shift: z.number().int().min(0).optional(), flip: z.boolean().optional() }),
    ])
    .optional(),
  seed: z.number().int().min(0).optional(),
  batchNormMomentum: z.number().min(0).max(1).optional(),
  evalBatchSize: count.optional(),
});

export const jobDataSchema = z.strictObject({
  /** The memnas version that made the job; a worker of another version refuses it. */
  memnasVersion: z.string().min(1),
  /** The search run that submitted it (part of the job id, so a resumed run finds its jobs). */
  runId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  /** The architecture's name: the search's candidate, e.g. cand-12. */
  candidate: z.string().min(1).max(200),
  /** Checked by the worker with the architecture parser (search/architecture/parse.ts). */
  architecture: z.unknown(),
  dataset: datasetRef,
  options,
  /** Hash of the inherited weights' blob (the weights file format, weights-file.ts). */
  initialWeights: hash.optional(),
  /** Test hook (workers honour it only with MEMNAS_QUEUE_TEST_FAULTS=1): die instead of training. */
  faultInjection: z.enum(['exit', 'abort', 'throw', 'oom']).optional(),
});

export const jobResultSchema = z.strictObject({
  validationAccuracy: z.number().min(0).max(1),
  validationLoss: z.number(),
  lossCurve: z.array(z.strictObject({ step: z.number().int(), loss: z.number() })),
  imagesSeen: z.number().min(0),
  seconds: z.number().min(0),
  backend: z.enum(['tfjs-node', 'wasm', 'cpu']),
  /** Hash of the trained weights' blob. */
  weights: hash,
  /** The worker that trained it (--name). */
  worker: z.string(),
});

export type JobData = z.output<typeof jobDataSchema>;
export type JobResult = z.output<typeof jobResultSchema>;
export type DatasetRef = z.output<typeof datasetRef>;

/** Checks a job's data: a malformed job fails with the first problem, path first; another version is refused. */
export function parseJobData(raw: unknown, version: string): JobData {
  // The version first: another version's job may well have another shape, and saying so helps more.
  const made = (raw as { memnasVersion?: unknown } | null)?.memnasVersion;
  if (typeof made === 'string' && made !== version)
    throw new MemnasError(
      'RUN_INCOMPATIBLE',
      `job made by memnas ${made}, this worker is memnas ${version}: run workers of the searching memnas's version`,
    );
  const r = jobDataSchema.safeParse(raw);
  if (!r.success) throw new MemnasError('REQUEST_INVALID', `malformed training job: ${firstIssue(r.error)}`);
  return r.data;
}

export function parseJobResult(raw: unknown, jobId: string): JobResult {
  const r = jobResultSchema.safeParse(typeof raw === 'string' ? safeJson(raw) : raw);
  if (!r.success)
    throw new MemnasError(
      'PROTOCOL_INVALID',
      `job ${jobId} returned a malformed result: ${firstIssue(r.error)}`,
    );
  return r.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  const path = issue.path.map(String).join('.');
  return `${path === '' ? '' : `${path}: `}${issue.message}`;
}

/** Drops keys whose value is undefined (zod's optional output keeps them; the trainer's types do not). */
export function defined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
