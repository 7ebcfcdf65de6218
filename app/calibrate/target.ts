// Where a calibration measures: this machine, or a device behind the coordinator. Checks up
// front that a named device is registered and online, so an offline device fails in one line
// before anything is generated, profiled or written.
import type { DeviceDescription, ProfileResult } from '../../profiler-agent/protocol.ts';
import { MemnasError } from '../../search/errors.ts';

export interface ProfileRequest {
  readonly batches: readonly number[];
  readonly runs: number;
  readonly warmup: number;
}

export interface CalibrationTarget {
  /** 'local' or the coordinator's device name. */
  readonly name: string;
  /** Registry name of the device's runtime ('ort-node', 'ort-web'), as far as known up front. */
  readonly runtime: string;
  /**
   * The device reports itself as emulated (qemu): its peaks are fitted, its timings are not, as
   * far as known up front (runCalibration also reads each result's device). Absent: not known.
   */
  readonly emulated?: boolean;
  /** The device as it described itself when the target opened (keys resumable progress). */
  readonly description?: DeviceDescription;
  profile(onnx: Uint8Array, request: ProfileRequest): Promise<ProfileResult>;
}

export interface TargetOptions {
  readonly device: string;
  readonly coordinator?: string | undefined;
  readonly token?: string | undefined;
}

async function localTarget(): Promise<CalibrationTarget> {
  const { describeLocalDevice, profileLocal } = await import('../../profiler-agent/local.ts');
  const { isAgentError } = await import('../../profiler-agent/errors.ts');
  let description: DeviceDescription;
  try {
    description = await describeLocalDevice();
  } catch (e) {
    throw isAgentError(e) ? new MemnasError('RUNTIME_UNAVAILABLE', e.message, { cause: e }) : e;
  }
  return {
    name: 'local',
    runtime: description.runtime.name,
    emulated: description.emulated === true,
    description,
    async profile(onnx, request) {
      try {
        return await profileLocal(onnx, { ...request, batches: [...request.batches] });
      } catch (e) {
        throw isAgentError(e) ? new MemnasError('WORKER_FAILED', e.message, { cause: e }) : e;
      }
    },
  };
}

/**
 * The target for `--device`. Throws MemnasError USAGE (no coordinator given), DEVICE_UNKNOWN,
 * DEVICE_OFFLINE, COORDINATOR_UNREACHABLE, AUTH_FAILED.
 */
export async function openTarget(options: TargetOptions): Promise<CalibrationTarget> {
  const { device, coordinator, token } = options;
  if (device === 'local') return localTarget();
  if (coordinator === undefined || token === undefined) {
    throw new MemnasError(
      'USAGE',
      `--device ${device} needs a coordinator: pass --coordinator URL and --token T (or set MEMNAS_COORDINATOR and MEMNAS_TOKEN), or use --device local`,
    );
  }
  if (device.startsWith('tag:'))
    throw new MemnasError('USAGE', 'a calibration belongs to one device: name it (--device NAME), not a tag');
  const { CoordinatorClient, profileOnCoordinator } = await import('../../devices/client.ts');
  const client = new CoordinatorClient({ url: coordinator, token });
  const found = (await client.devices()).find((d) => d.name === device);
  if (found === undefined)
    throw new MemnasError('DEVICE_UNKNOWN', `device '${device}' is not registered at ${coordinator}`);
  if (!found.online) {
    throw new MemnasError(
      'DEVICE_OFFLINE',
      `device '${device}' is offline (last seen ${found.lastSeenAt}); start its agent and calibrate again`,
    );
  }
  return {
    name: device,
    runtime: found.description.runtime.name,
    emulated: found.description.emulated === true,
    description: found.description,
    profile: (onnx, request) =>
      profileOnCoordinator(onnx, {
        coordinator,
        token,
        device,
        batches: [...request.batches],
        runs: request.runs,
        warmup: request.warmup,
        timeoutMs: 10 * 60_000,
      }),
  };
}
