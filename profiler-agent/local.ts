// Profiling on this machine: its device description and `profileLocal`, the same measurement
// the Node agent runs for a coordinator's job, without a coordinator.
import { cpus, totalmem } from 'node:os';
import { DEFAULT_JOB, DEFAULT_SESSION_OPTIONS } from './defaults.ts';
import { hugePageMode } from './measure/huge-pages.ts';
import { type ProfileSettings, profileModel } from './measure/profile.ts';
import { CHILD_ENV } from './measure/run-child.ts';
import type { DeviceDescription, JobSpec, ProfileResult, SessionOptions } from './protocol.ts';
import { nodeRuntimes } from './runtime/index.ts';

export interface DeviceOptions {
  /** Default 'local'. */
  readonly name?: string;
  readonly tags?: readonly string[];
  /** Overrides of DEFAULT_SESSION_OPTIONS. */
  readonly sessionOptions?: Partial<SessionOptions>;
  /** Registry name or 'auto' (default). */
  readonly runtime?: string;
  /** This machine is an emulated one (qemu): its latency is not a device's. Default false. */
  readonly emulated?: boolean;
}

/**
 * This machine as a device. Loads the runtime (in this process) to report its version; throws
 * AgentError RUNTIME_UNAVAILABLE with the fix when it is missing.
 */
export async function describeLocalDevice(options: DeviceOptions = {}): Promise<DeviceDescription> {
  const runtime = await nodeRuntimes().resolve(options.runtime ?? 'auto');
  const cpu = cpus();
  const thp = hugePageMode();
  return {
    name: options.name ?? 'local',
    tags: [...(options.tags ?? [])],
    cpuModel: cpu[0]?.model.trim() || 'unknown',
    cores: Math.max(1, cpu.length),
    memoryBytes: totalmem(),
    os: process.platform,
    arch: process.arch,
    runtime: { name: runtime.name, version: runtime.version },
    sessionOptions: { ...DEFAULT_SESSION_OPTIONS, ...options.sessionOptions },
    measuringEnv: { ...CHILD_ENV },
    ...(options.emulated === true ? { emulated: true } : {}),
    ...(thp === null ? {} : { transparentHugePages: thp }),
  };
}

export interface LocalProfileOptions extends DeviceOptions, Partial<JobSpec> {
  readonly maxModelBytes?: number;
  readonly forceRssSampling?: boolean;
  readonly onBatch?: ProfileSettings['onBatch'];
}

/** Profiles ONNX bytes on this machine (defaults: DEFAULT_JOB, DEFAULT_SESSION_OPTIONS). */
export async function profileLocal(
  modelBytes: Uint8Array,
  options: LocalProfileOptions = {},
): Promise<ProfileResult> {
  const device = await describeLocalDevice(options);
  const { batches, runs, warmup, timeoutMs, runtime, maxModelBytes, forceRssSampling, onBatch, environment } =
    options;
  const settings: ProfileSettings = {
    batches: batches ?? DEFAULT_JOB.batches,
    runs: runs ?? DEFAULT_JOB.runs,
    warmup: warmup ?? DEFAULT_JOB.warmup,
    timeoutMs: timeoutMs ?? DEFAULT_JOB.timeoutMs,
    runtime: runtime ?? device.runtime.name,
    ...(maxModelBytes === undefined ? {} : { maxModelBytes }),
    ...(forceRssSampling === undefined ? {} : { forceRssSampling }),
    ...(onBatch === undefined ? {} : { onBatch }),
    ...(environment === undefined ? {} : { environment }),
  };
  return profileModel(modelBytes, device, settings);
}
