// The messages between LocalJobQueue and its worker processes, in one file both sides import.
// They travel over Node's IPC channel with 'advanced' serialization, so Float32Array weights
// arrive as typed arrays without JSON encoding.

import type { BackendInfo, BackendPreference } from '../backend/index.ts';
import type { TrainResult } from '../contract.ts';
import type { ErrorCode } from '../../search/errors.ts';
import type { TrainJob } from './queue.ts';

/** Worker settings, passed in the MEMNAS_WORKER environment variable as JSON. */
export interface WorkerConfig {
  readonly backend: BackendPreference;
  readonly threads: number;
}

export const WORKER_CONFIG_ENV = 'MEMNAS_WORKER';

export type ToWorker = { readonly type: 'job'; readonly id: number; readonly job: TrainJob };

export type FromWorker =
  | { readonly type: 'ready'; readonly backend: BackendInfo }
  | { readonly type: 'result'; readonly id: number; readonly result: TrainResult }
  | {
      readonly type: 'error';
      readonly id: number;
      readonly code: ErrorCode;
      readonly message: string;
      /** The worker exits after reporting (its state may be damaged) and is replaced. */
      readonly recycle: boolean;
    }
  | { readonly type: 'fatal'; readonly code: ErrorCode; readonly message: string };
