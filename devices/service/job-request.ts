// A user's job request, validated at the edge (zod): which model (by the sha256 the upload
// returned), where (a device name or a tag, exactly one) and what to measure. Missing
// measurement fields take the agent's documented defaults, so a local profile and a device
// profile are comparable out of the box.
import { z } from 'zod';
import { DEFAULT_JOB } from '../../profiler-agent/defaults.ts';
import { nameProblem } from '../../profiler-agent/names.ts';
import { MemnasError } from '../../search/errors.ts';
import type { JobTarget } from '../store/job-store.ts';
import { evaluateRefSchema, type StoredJobSpec } from './evaluate-spec.ts';

/** Largest batch size a job may ask for: 4096 samples (a larger one only exhausts the device). */
export const MAX_BATCH = 4096;
/** Timed runs per batch size; with the per-batch time limit, what bounds one job's work. */
export const MAX_RUNS = 10_000;
export const MAX_WARMUP = 1_000;
/** Per-batch-size limit after which the agent kills the measuring child: one hour. */
export const MAX_TIMEOUT_MS = 3_600_000;

const name = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const problem = nameProblem(v);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

const schema = z
  .strictObject({
    modelSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits (the sha256 the model upload returned)'),
    device: name.optional(),
    tag: name.optional(),
    batches: z
      .array(z.number().int().positive().max(MAX_BATCH))
      .min(1)
      .max(16)
      .refine((b) => new Set(b).size === b.length, 'must not list a batch size twice')
      .optional(),
    runs: z.number().int().positive().max(MAX_RUNS).optional(),
    warmup: z.number().int().min(0).max(MAX_WARMUP).optional(),
    timeoutMs: z.number().int().min(1_000).max(MAX_TIMEOUT_MS).optional(),
    /** The process the agent measures in (protocol.ts JobSpec.environment); passed on unchanged. */
    environment: z.enum(['protocol', 'plain']).optional(),
    /** Makes it an evaluate job: classify this uploaded input blob too. */
    evaluate: evaluateRefSchema.optional(),
  })
  .refine(
    (r) => (r.device === undefined) !== (r.tag === undefined),
    'name exactly one of device (a device name) or tag',
  );

/** What a client sends to POST /api/v1/jobs. */
export type JobRequest = z.input<typeof schema>;

export interface ParsedJobRequest {
  readonly modelSha256: string;
  readonly target: JobTarget;
  readonly spec: StoredJobSpec;
}

export function parseJobRequest(body: unknown): ParsedJobRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new MemnasError(
      'REQUEST_INVALID',
      'the request body must be a JSON object (Content-Type: application/json)',
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.');
    throw new MemnasError(
      'REQUEST_INVALID',
      `job request${field ? ` field '${field}'` : ''}: ${issue.message}`,
    );
  }
  const r = parsed.data;
  return {
    modelSha256: r.modelSha256,
    target: r.device !== undefined ? { device: r.device } : { tag: r.tag! },
    spec: {
      batches: r.batches ?? [...DEFAULT_JOB.batches],
      runs: r.runs ?? DEFAULT_JOB.runs,
      warmup: r.warmup ?? DEFAULT_JOB.warmup,
      timeoutMs: r.timeoutMs ?? DEFAULT_JOB.timeoutMs,
      ...(r.environment === undefined ? {} : { environment: r.environment }),
      ...(r.evaluate === undefined ? {} : { evaluate: r.evaluate }),
    },
  };
}
