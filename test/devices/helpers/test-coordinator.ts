// A coordinator for tests: a free local port, an in-memory store, and fast heartbeats and polls
// unless a test needs other timings.
import { type Coordinator, startCoordinator } from '../../../devices/coordinator.ts';

export interface TestCoordinatorOptions {
  readonly heartbeatMs?: number;
  readonly idleRetryMs?: number;
  readonly log?: (line: string) => void;
}

export function startTestCoordinator(token: string, o: TestCoordinatorOptions = {}): Promise<Coordinator> {
  return startCoordinator({
    port: 0,
    host: '127.0.0.1',
    dbPath: ':memory:',
    token,
    heartbeatMs: o.heartbeatMs ?? 2_000,
    idleRetryMs: o.idleRetryMs ?? 100,
    log: o.log ?? (() => {}),
  });
}
