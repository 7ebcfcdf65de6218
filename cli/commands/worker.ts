// `memnas worker`: parses the flags (cli/specs/worker.ts), trains queued candidates with
// app/worker/run-worker.ts until SIGINT or SIGTERM, and prints a line per job on stdout.
import { hostname } from 'node:os';
import { DEFAULT_LOCK_MS, startWorker, type WorkerSettings } from '../../app/worker/run-worker.ts';
import { MemnasError } from '../../search/errors.ts';
import { checkRedisUrl } from '../../trainer/jobs/bullmq/redis-url.ts';
import { parseFlags, positiveInt } from '../args.ts';
import { synopsis } from '../flags.ts';
import { workerSpec } from '../specs/worker.ts';

export const WORKER_USAGE = synopsis(workerSpec);

export function parseWorkerSettings(argv: readonly string[]): WorkerSettings {
  const { values, positionals } = parseFlags(argv, workerSpec);
  if (positionals.length > 0)
    throw new MemnasError('USAGE', `unexpected argument '${positionals[0]}' (usage: ${WORKER_USAGE})`);
  const redis = values.redis ?? process.env.MEMNAS_REDIS;
  if (redis === undefined) throw new MemnasError('USAGE', `--redis is required (usage: ${WORKER_USAGE})`);
  checkRedisUrl(redis, '--redis');
  const name = values.name ?? `${hostname()}-${process.pid}`;
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name))
    throw new MemnasError('USAGE', `--name takes 1–64 letters, digits, '.', '_' or '-', got '${name}'`);
  return Object.freeze({
    redis,
    concurrency: positiveInt(values.concurrency, '--concurrency', 1),
    name,
    lockMs: positiveInt(process.env.MEMNAS_QUEUE_LOCK_MS, 'MEMNAS_QUEUE_LOCK_MS', DEFAULT_LOCK_MS),
    allowFaults: process.env.MEMNAS_QUEUE_TEST_FAULTS === '1',
  });
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilSignal(log: (line: string) => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      log(`${signal}: finishing the jobs in hand, then stopping`);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function runWorker(argv: readonly string[]): Promise<number> {
  const settings = parseWorkerSettings(argv);
  const log = (line: string): void => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);
  const worker = await startWorker(settings, log);
  await untilSignal(log);
  await worker.stop();
  return 0;
}
