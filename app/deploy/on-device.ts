// The device's side of a deploy: classify the test inputs with onnxruntime on the device and
// profile the model there (peak memory, latency), then measure its batch-1 peak again in a plain
// process. Locally all run in child processes (the same code the Node agent runs); a named device
// gets one evaluate job and one plain profile job through its coordinator.
import { evaluateModel } from '../../profiler-agent/evaluate/run-evaluate.ts';
import { isAgentError } from '../../profiler-agent/errors.ts';
import { profileLocal } from '../../profiler-agent/local.ts';
import type { Evaluation, ProfileResult } from '../../profiler-agent/protocol.ts';
import { MemnasError } from '../../search/errors.ts';
import type { InputBlob } from './test-inputs.ts';

export interface DeviceTarget {
  /** 'local', a device name, or tag:TAG. */
  readonly device: string;
  readonly coordinator?: string;
  readonly token?: string;
}

export interface DeviceRun {
  readonly evaluation: Evaluation;
  /** The profile under the agent's measuring protocol (the bundle's `npm start`). */
  readonly profile: ProfileResult;
  /** The same model at batch 1 in a plain process (job environment 'plain'). */
  readonly plainProfile: ProfileResult;
}

/** The plain measurement: batch 1 only, the one figure the bundle reports of it. */
const PLAIN_JOB = { batches: [1], environment: 'plain' } as const;

function asMemnas(e: unknown): unknown {
  if (!isAgentError(e)) return e;
  const code =
    e.code === 'RUNTIME_UNAVAILABLE'
      ? 'RUNTIME_UNAVAILABLE'
      : e.code === 'MODEL_INVALID'
        ? 'ONNX_INVALID'
        : 'WORKER_FAILED';
  return new MemnasError(code, e.message, { cause: e });
}

/** A remote device that is unknown or offline fails here, in one line, before any work. */
export async function checkDevice(target: DeviceTarget): Promise<void> {
  if (target.device === 'local') return;
  const { checkDeviceOnline } = await import('../../devices/evaluate-client.ts');
  const { parseDeviceTarget } = await import('../../devices/client.ts');
  await checkDeviceOnline({
    coordinator: target.coordinator!,
    token: target.token!,
    ...parseDeviceTarget(target.device),
  });
}

export async function runOnDevice(
  model: Uint8Array,
  blob: InputBlob,
  target: DeviceTarget,
): Promise<DeviceRun> {
  if (target.device !== 'local') {
    const { evaluateOnCoordinator } = await import('../../devices/evaluate-client.ts');
    const { parseDeviceTarget, profileOnCoordinator } = await import('../../devices/client.ts');
    const coordinator = { coordinator: target.coordinator!, token: target.token! };
    const run = await evaluateOnCoordinator(model, blob, {
      ...coordinator,
      ...parseDeviceTarget(target.device),
    });
    // On the very device that evaluated, also when the target was a tag several devices carry.
    const plainProfile = await profileOnCoordinator(model, {
      ...coordinator,
      device: run.profile.device.name,
      ...PLAIN_JOB,
    });
    return { ...run, plainProfile };
  }
  try {
    const evaluation = await evaluateModel(model, blob.bytes, blob);
    const profile = await profileLocal(model);
    const plainProfile = await profileLocal(model, PLAIN_JOB);
    return { evaluation, profile, plainProfile };
  } catch (e) {
    throw asMemnas(e);
  }
}
