// A user's job request, validated at the edge (zod): which model (by the sha256 the upload
// returned), where (a device name or a tag, exactly one) and what to measure. Missing
// measurement fields take the agent's documented defaults, so a local profile and a device
// profile are comparable out of the box.
import { z } from 'zod';
import { DEFAULT_JOB } from '../../profiler-agent/defaults.ts';
import { MemnasError } from '../../search/errors.ts';
import type { JobTarget } from '../store/job-store.ts';
import { evaluateRefSchema, type StoredJobSpec } from './evaluate-spec.ts';

const schema = z
  .strictObject({
    modelSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits (the sha256 the model upload returned)'),
    device: z.string().trim().min(1).optional(),
    tag: z.string().trim().min(1).optional(),
    batches: z
      .array(z.number().int().positive())
      .min(1)
      .max(16)
      .refine((b) => new Set(b).size === b.length, 'must not list a batch size twice')
      .optional(),
    runs: z.number().int().positive().max(100_000).optional(),
    warmup: z.number().int().min(0).max(10_000).optional(),
    timeoutMs: z.number().int().min(1_000).max(86_400_000).optional(),
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
      ...(r.evaluate === undefined ? {} : { evaluate: r.evaluate }),
    },
  };
}
