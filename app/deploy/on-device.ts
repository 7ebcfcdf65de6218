// The device's side of a deploy: classify the test inputs with onnxruntime on the device and
// profile the model there (peak memory, latency). Locally both run in child processes (the same
// code the Node agent runs); a named device gets one evaluate job through its coordinator.
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
  readonly profile: ProfileResult;
}

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
    const { parseDeviceTarget } = await import('../../devices/client.ts');
    return evaluateOnCoordinator(model, blob, {
      coordinator: target.coordinator!,
      token: target.token!,
      ...parseDeviceTarget(target.device),
    });
  }
  try {
    const evaluation = await evaluateModel(model, blob.bytes, blob);
    const profile = await profileLocal(model);
    return { evaluation, profile };
  } catch (e) {
    throw asMemnas(e);
  }
}
