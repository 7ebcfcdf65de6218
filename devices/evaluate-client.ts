// `memnas deploy --device NAME --coordinator URL`: one evaluate job on a device — upload the model
// and the test inputs, queue the job, wait — returning the device's classes and its profile of the
// model, as the local path does. Labels never leave the host.
import type { Evaluation, ProfileResult } from '../profiler-agent/protocol.ts';
import { MemnasError } from '../search/errors.ts';
import { CoordinatorClient, runJob, type WaitOptions } from './client.ts';
import type { JobRequest } from './service/job-request.ts';

export interface EvaluateBlob {
  readonly dtype: 'uint8' | 'float32';
  readonly dims: readonly number[];
  readonly scale: number;
  readonly bytes: Uint8Array;
}

export interface EvaluateOnCoordinatorOptions extends WaitOptions {
  readonly coordinator: string;
  readonly token: string;
  readonly device?: string;
  readonly tag?: string;
}

export async function evaluateOnCoordinator(
  model: Uint8Array,
  blob: EvaluateBlob,
  options: EvaluateOnCoordinatorOptions,
): Promise<{ evaluation: Evaluation; profile: ProfileResult }> {
  const client = new CoordinatorClient({
    url: options.coordinator,
    token: options.token,
    requestTimeoutMs: 300_000,
  });
  await checkDeviceOnline(options);
  const { sha256 } = await client.uploadModel(model);
  const inputs = await client.uploadInputs(blob.bytes);
  const request: JobRequest = {
    modelSha256: sha256,
    ...(options.device === undefined ? {} : { device: options.device }),
    ...(options.tag === undefined ? {} : { tag: options.tag }),
    evaluate: { sha256: inputs.sha256, dtype: blob.dtype, dims: [...blob.dims], scale: blob.scale },
  };
  const profile = await runJob(client, request, options);
  if (profile.evaluation === undefined)
    throw new MemnasError(
      'JOB_FAILED',
      `device '${profile.device.name}''s agent returned no evaluation: it predates evaluate jobs (update the agent)`,
    );
  if (profile.evaluation.samples !== blob.dims[0])
    throw new MemnasError(
      'PROTOCOL_INVALID',
      `the device classified ${profile.evaluation.samples} images, not ${blob.dims[0]}`,
    );
  return { evaluation: profile.evaluation, profile };
}

/** Fails in one line, before any upload, when no matching device is registered or none is online. */
export async function checkDeviceOnline(options: EvaluateOnCoordinatorOptions): Promise<void> {
  const client = new CoordinatorClient({ url: options.coordinator, token: options.token });
  const where = options.device ?? `tag:${options.tag ?? '?'}`;
  const matching = (await client.devices()).filter((d) =>
    options.device !== undefined ? d.name === options.device : d.tags.includes(options.tag ?? ''),
  );
  if (matching.length === 0)
    throw new MemnasError(
      'DEVICE_UNKNOWN',
      `no device '${where}' has registered with the coordinator at ${options.coordinator}`,
    );
  if (!matching.some((d) => d.online))
    throw new MemnasError(
      'DEVICE_UNKNOWN',
      `device '${where}' is offline (its agent has stopped sending heartbeats)`,
    );
}
