// Evaluate jobs on the coordinator's side (the agent protocol's JobMessage.evaluate): the
// reference a job request carries to an uploaded input blob, kept in the job's stored spec, and
// turned into the EvaluateInput an agent receives (by URL over HTTP, inline over a serial line).
// Input blobs live in the same content-addressed store as models (uploaded with
// POST /api/v1/models?kind=inputs, which skips the ONNX check).
import { z } from 'zod';
import type { EvaluateInput, JobSpec } from '../../profiler-agent/protocol.ts';
import { modelPath } from '../../profiler-agent/protocol-http.ts';

export const evaluateRefSchema = z.strictObject({
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits (the sha256 the upload returned)'),
  dtype: z.enum(['uint8', 'float32']),
  dims: z.array(z.number().int().positive()).min(2).max(8),
  scale: z.number().finite(),
});

export type EvaluateRef = z.infer<typeof evaluateRefSchema>;

/** A job's spec as stored: the measurement, plus the inputs to classify for an evaluate job. */
export type StoredJobSpec = JobSpec & { readonly evaluate?: EvaluateRef };

export function evaluateOf(spec: JobSpec): EvaluateRef | undefined {
  return (spec as StoredJobSpec).evaluate;
}

/** Bytes the blob must hold for its dtype and dims. */
export function blobBytes(ref: EvaluateRef): number {
  return ref.dims.reduce((a, b) => a * b, 1) * (ref.dtype === 'uint8' ? 1 : 4);
}

export function evaluateInput(ref: EvaluateRef, blob: () => Uint8Array, inline: boolean): EvaluateInput {
  return {
    dtype: ref.dtype,
    dims: ref.dims,
    scale: ref.scale,
    sha256: ref.sha256,
    bytes: blobBytes(ref),
    source: inline ? { base64: Buffer.from(blob()).toString('base64') } : { url: modelPath(ref.sha256) },
  };
}
