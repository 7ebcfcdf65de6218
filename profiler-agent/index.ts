// The profiler agent's public API, for the main CLI and the coordinator.
export * from './protocol.ts';
export { DEFAULT_JOB, DEFAULT_MAX_MODEL_BYTES, DEFAULT_SESSION_OPTIONS, MIN_RUNS } from './defaults.ts';
export { AgentError, isAgentError, toErrorInfo } from './errors.ts';
export { describeLocalDevice, profileLocal, type DeviceOptions, type LocalProfileOptions } from './local.ts';
export { profileModel, sha256, type ProfileSettings } from './measure/profile.ts';
export { formatProfile } from './report.ts';
