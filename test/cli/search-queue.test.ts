// `memnas search --queue` and `memnas worker` as a user runs them: bad input gets one line and a
// non-zero exit; a tiny search trains every candidate on two `memnas worker` processes through a
// real redis-server over the loopback (network namespaces are not used: traffic stays on
// 127.0.0.1), and a worker SIGKILLed mid-run loses no candidate. The SIGKILLed-search-and-resume
// run is slow under load: it runs with MEMNAS_SLOW_TESTS=1.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteSearchStore } from '../../store/search-store.ts';
import {
  freePort,
  hasRedis,
  RedisServer,
  startWorker,
  type WorkerProcess,
} from '../trainer/jobs/bullmq/redis-harness.ts';
import { makeSearchDataset } from './search-fixture.ts';

const root = mkdtempSync(join(tmpdir(), 'memnas-search-queue-'));
const data = join(root, 'data');
makeSearchDataset(data);
const bin = fileURLToPath(new URL('../../bin/memnas.js', import.meta.url));
const env = { MEMNAS_QUEUE_LOCK_MS: '3000', MEMNAS_HOME: join(root, 'home') };

function run(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 180_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function oneLine(r: { status: number | null; stderr: string }, pattern: RegExp): void {
  expect(r.status).not.toBe(0);
  expect(r.status).not.toBeNull();
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

let redis: RedisServer;
let locked: RedisServer;
const workers: WorkerProcess[] = [];

describe.skipIf(!hasRedis)('memnas search --queue and memnas worker', () => {
  beforeAll(async () => {
    redis = await RedisServer.start(mkdtempSync(join(root, 'redis-')));
    locked = await RedisServer.start(mkdtempSync(join(root, 'redis-locked-')), ['--requirepass', 'right']);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await redis?.kill();
    await locked?.kill();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers an unreachable Redis, a wrong password and --queue on a local run with one line each', async () => {
    const closed = `redis://127.0.0.1:${await freePort()}`;
    oneLine(
      run(['worker', '--redis', closed]),
      /^memnas: cannot reach Redis at .*ECONNREFUSED.*\[UNAVAILABLE\]$/,
    );
    const out = join(root, 'never');
    oneLine(
      run(['search', '--dataset', data, '--queue', closed, '--out', out]),
      /^memnas: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+: .*\[UNAVAILABLE\]$/,
    );
    expect(existsSync(join(out, 'search.db'))).toBe(false);
    const wrong = `redis://:wrong@127.0.0.1:${locked.port}`;
    oneLine(
      run(['worker', '--redis', wrong]),
      /^memnas: Redis at redis:\/\/127\.0\.0\.1:\d+ refused the password.*\[AUTH_FAILED\]$/,
    );
    oneLine(
      run(['search', '--dataset', data, '--queue', wrong, '--out', out]),
      /refused the password.*\[AUTH_FAILED\]$/,
    );
    expect(run(['search', '--dataset', data, '--queue', wrong, '--out', out]).stderr).not.toContain('wrong');
    const local = join(root, 'local-run');
    mkdirSync(local, { recursive: true });
    const store = SqliteSearchStore.open(join(local, 'search.db'));
    store.saveRunConfig({ version: 2, dataset: data, memoryBudgetBytes: 200_000 });
    store.close();
    oneLine(
      run(['search', '--resume', '--out', local, '--queue', redis.url]),
      /was searched with local workers: --queue cannot resume it.*\[USAGE\]$/,
    );
    oneLine(
      run(['search', '--dataset', data, '--queue', 'http://x:1']),
      /--queue takes a URL like redis:\/\/HOST:6379.*\[USAGE\]$/,
    );
  }, 180_000);

  it('trains every candidate on two workers; one SIGKILLed mid-run loses none', async () => {
    workers.push(...(await Promise.all(['qa', 'qb'].map((n) => startWorker(redis.url, n, env)))));
    const out = join(root, 'queued');
    const search = spawn(
      process.execPath,
      [
        bin,
        'search',
        '--dataset',
        data,
        '--memory-budget',
        '200KB',
        '--time-budget',
        '45s',
        '--out',
        out,
        '--queue',
        redis.url,
        '--json',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    search.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    search.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const victim = workers[0]!;
    await victim.waitFor(/started, attempt 1/, 90_000);
    victim.child.kill('SIGKILL');
    const status = await new Promise((r) => search.once('exit', r));
    expect(status, stderr).toBe(0);
    const summary = JSON.parse(stdout) as { candidatesTrained: number; candidatesFailed: number };
    expect(summary.candidatesFailed).toBe(0);
    expect(summary.candidatesTrained).toBeGreaterThanOrEqual(2);
    const trainedOnWorkers = workers.flatMap((w) => w.lines).filter((l) => /\(cand-\d+\) trained in/.test(l));
    expect(trainedOnWorkers.length).toBeGreaterThanOrEqual(summary.candidatesTrained);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toMatchObject({
      candidatesFailed: 0,
    });
  }, 240_000);

  it.runIf(process.env.MEMNAS_SLOW_TESTS === '1')(
    'a SIGKILLed queued search resumes with the results of jobs that finished meanwhile, training none again',
    async () => {
      const live = (): number =>
        workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null).length;
      while (live() < 2) workers.push(await startWorker(redis.url, `qr${workers.length}`, env));
      const out = join(root, 'killed');
      const args = ['--dataset', data, '--memory-budget', '200KB', '--out', out, '--queue', redis.url];
      const search = spawn(process.execPath, [bin, 'search', ...args, '--time-budget', '60s'], {
        stdio: 'ignore',
      });
      const db = join(out, 'search.db');
      let trained = 0;
      for (let i = 0; i < 900 && trained < 2; i++) {
        await new Promise((r) => setTimeout(r, 200));
        if (!existsSync(db)) continue;
        const s = SqliteSearchStore.open(db);
        trained = s.candidates().filter((c) => c.status === 'trained').length;
        s.close();
      }
      search.kill('SIGKILL');
      await new Promise((r) => search.once('exit', r));
      // Let the jobs in flight at the kill finish on the workers.
      await new Promise((r) => setTimeout(r, 20_000));
      const r = run(['search', '--resume', ...args, '--time-budget', '40s']);
      expect(r.status, r.stderr).toBe(0);
      // Every candidate's search job started once in all (final training adds a job of its own).
      const store = SqliteSearchStore.open(db);
      const runId = (store.runConfig() as { queue: { runId: string } }).queue.runId;
      const finals = new Set(store.finals().map((f) => `cand-${f.candidateId}`));
      store.close();
      const started = new Map<string, Set<string>>();
      const pattern = new RegExp(`job (${runId}\\.(cand-\\d+)\\.\\w+) .*started, attempt 1`);
      for (const l of workers.flatMap((w) => w.lines)) {
        const m = pattern.exec(l);
        if (m === null || finals.has(m[2]!)) continue;
        started.set(m[2]!, (started.get(m[2]!) ?? new Set()).add(m[1]!));
      }
      expect(started.size).toBeGreaterThanOrEqual(2);
      for (const [candidate, ids] of started) expect(ids.size, candidate).toBe(1);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
        candidatesFailed: number;
      };
      expect(summary.candidatesFailed).toBe(0);
    },
    400_000,
  );
});
