// The device coordinator's public API: start one (memnas serve), or talk to one as a user
// (memnas profile --coordinator). Importing the client alone (devices/client.ts) loads no server code.
export { type Coordinator, startCoordinator } from './coordinator.ts';
export { type CoordinatorOptions, DEFAULT_DB_PATH, DEFAULT_MAX_MODEL_BYTES, DEFAULT_PORT } from './config.ts';
export {
  CoordinatorClient,
  parseDeviceTarget,
  profileOnCoordinator,
  type ClientOptions,
  type ProfileOnCoordinatorOptions,
  type WaitOptions,
} from './client.ts';
export type { DeviceView, JobView, AttemptView } from './views.ts';
export type { JobRequest } from './service/job-request.ts';
export type { JobStore } from './store/job-store.ts';
