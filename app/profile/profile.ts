// Profiling an ONNX model from a frozen config: on this machine with the code the Node agent
// runs (agent errors become memnas errors with the matching codes), or on a device behind a
// coordinator. cli/commands/profile.ts parses the flags and prints.
import { type AgentError, isAgentError } from '../../profiler-agent/errors.ts';
import { profileLocal } from '../../profiler-agent/local.ts';
import type { AgentErrorCode, BatchMeasurement, ProfileResult } from '../../profiler-agent/protocol.ts';
import { type ErrorCode, MemnasError } from '../../search/errors.ts';

export interface ProfileConfig {
  readonly bytes: Uint8Array;
  /** 'local', a device name or tag:TAG. */
  readonly device: string;
  readonly batches: readonly number[];
  readonly runs: number;
  readonly warmup: number;
  /** Required for any device but local. */
  readonly coordinator: string | undefined;
  readonly token: string | undefined;
}

/** Agent error codes as the main CLI's codes (search/errors.ts), so exit codes and messages match. */
const CODES: Record<AgentErrorCode, ErrorCode> = {
  USAGE: 'USAGE',
  FILE_NOT_FOUND: 'FILE_NOT_FOUND',
  MODEL_INVALID: 'ONNX_INVALID',
  MODEL_UNSUPPORTED: 'ONNX_SHAPE',
  MODEL_TOO_LARGE: 'USAGE',
  RUNTIME_UNAVAILABLE: 'RUNTIME_UNAVAILABLE',
  MEASURE_FAILED: 'WORKER_FAILED',
  TIMEOUT: 'WORKER_FAILED',
  PROTOCOL_INVALID: 'INTERNAL',
  INTERNAL: 'INTERNAL',
};

function asMemnasError(e: AgentError): MemnasError {
  return new MemnasError(CODES[e.code], e.message, { cause: e });
}

/** `onBatch` (local only) sees each batch's measurement as it finishes. */
export async function profileModel(
  c: ProfileConfig,
  onBatch?: (m: BatchMeasurement) => void,
): Promise<ProfileResult> {
  const { batches, runs, warmup } = c;
  if (c.device !== 'local') {
    // Lazy: the client is only loaded when a coordinator is used.
    const { parseDeviceTarget, profileOnCoordinator } = await import('../../devices/client.ts');
    return profileOnCoordinator(c.bytes, {
      coordinator: c.coordinator!,
      token: c.token!,
      ...parseDeviceTarget(c.device),
      batches: [...batches],
      runs,
      warmup,
    });
  }
  try {
    return await profileLocal(c.bytes, {
      batches: [...batches],
      runs,
      warmup,
      ...(onBatch ? { onBatch } : {}),
    });
  } catch (e) {
    throw isAgentError(e) ? asMemnasError(e) : e;
  }
}
