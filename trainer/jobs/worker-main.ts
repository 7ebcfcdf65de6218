// The entry point of a training worker process (forked by LocalJobQueue). It initialises the
// backend once, then trains the jobs it is sent one at a time, keeping the most recent dataset
// in memory so jobs on the same data do not reload it.

import { isMemnasError } from '../../search/errors.ts';
import type { TrainJob } from './queue.ts';
import { loadDataset } from '../data/load-dataset.ts';
import type { Dataset } from '../data/load-dataset.ts';
import { initBackend } from '../backend/index.ts';
import { createLocalTrainer } from '../train/local-trainer.ts';
import { WORKER_CONFIG_ENV } from './messages.ts';
import type { FromWorker, ToWorker, WorkerConfig } from './messages.ts';

const config = JSON.parse(process.env[WORKER_CONFIG_ENV] ?? '{}') as Partial<WorkerConfig>;
const backend = config.backend ?? 'auto';
const backendOptions = { threads: config.threads ?? 1 };
const trainer = createLocalTrainer({ backend, backendOptions });
let cached: { key: string; data: Promise<Dataset> } | undefined;

function send(message: FromWorker): void {
  process.send?.(message);
}

function dataset(job: TrainJob): Promise<Dataset> {
  const key = JSON.stringify(job.dataset);
  if (cached?.key !== key) cached = { key, data: loadDataset(job.dataset) };
  return cached.data;
}

function injectFault(kind: NonNullable<TrainJob['faultInjection']>): void {
  switch (kind) {
    case 'exit':
      process.exit(70);
      break;
    case 'abort':
      process.abort();
      break;
    case 'throw':
      setImmediate(() => {
        throw new Error('injected uncaught exception');
      });
      break;
    case 'oom': {
      const hog: number[][] = [];
      for (;;) hog.push(new Array<number>(1_000_000).fill(hog.length));
    }
  }
}

async function run(id: number, job: TrainJob): Promise<void> {
  if (job.faultInjection !== undefined) {
    injectFault(job.faultInjection);
    return;
  }
  try {
    const data = await dataset(job);
    const result = await trainer.train(
      job.architecture,
      { train: data.train, validation: data.validation },
      job.options,
    );
    send({ type: 'result', id, result });
  } catch (e) {
    // Our own errors (bad architecture, bad data) leave the worker sound; anything else may
    // have left the wasm heap in a bad state, so the worker reports it and is replaced.
    const known = isMemnasError(e) && e.code !== 'TRAINING_FAILED';
    const code = isMemnasError(e) ? e.code : 'TRAINING_FAILED';
    send({ type: 'error', id, code, message: e instanceof Error ? e.message : String(e), recycle: !known });
    if (!known) process.exit(0);
  }
}

async function main(): Promise<void> {
  try {
    send({ type: 'ready', backend: await initBackend(backend, backendOptions) });
  } catch (e) {
    send({
      type: 'fatal',
      code: isMemnasError(e) ? e.code : 'BACKEND_UNAVAILABLE',
      message: e instanceof Error ? e.message : String(e),
    });
    process.exit(1);
  }
  // Jobs arrive one at a time: the queue sends the next only after this one's answer.
  process.on('message', (message: ToWorker) => {
    if (message.type === 'job') void run(message.id, message.job);
  });
  process.on('disconnect', () => process.exit(0));
}

void main();
