// `memnas search --queue` and `memnas worker` as a user runs them: bad input gets one line and a
// non-zero exit; a tiny search trains every candidate on two `memnas worker` processes through a
// real redis-server — each worker in a network namespace of its own where the machine allows
// (netns-hosts.ts), over the loopback otherwise; the suite's title says which — and a worker
// SIGKILLed mid-run loses no candidate. A search with no worker says so, stops with one line
// without failing a candidate, and its --resume goes on once a worker starts late. The
// SIGKILLed-search-and-resume run is slow under load: it runs with MEMNAS_SLOW_TESTS=1.
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
import { makeHosts } from '../trainer/jobs/bullmq/netns-hosts.ts';
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
let lonely: RedisServer;
const workers: WorkerProcess[] = [];
const hosts = makeHosts(2);
const where =
  hosts.mode === 'loopback' ? `over the loopback (${hosts.why})` : 'in network namespaces of their own';

/** A worker on host i (its namespace, if it has one). */
const worker = (server: RedisServer, name: string, i: number): Promise<WorkerProcess> =>
  startWorker(server.urlFrom(hosts.hosts[i]!), name, env, hosts.hosts[i]);

describe.skipIf(!hasRedis)(`memnas search --queue and memnas worker, workers ${where}`, () => {
  beforeAll(async () => {
    redis = await RedisServer.start(mkdtempSync(join(root, 'redis-')), [], hosts.bind);
    locked = await RedisServer.start(mkdtempSync(join(root, 'redis-locked-')), ['--requirepass', 'right']);
    lonely = await RedisServer.start(mkdtempSync(join(root, 'redis-lonely-')), [], hosts.bind);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await redis?.kill();
    await locked?.kill();
    await lonely?.kill();
    hosts.teardown();
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
    workers.push(...(await Promise.all(['qa', 'qb'].map((n, i) => worker(redis, n, i)))));
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
    await victim.waitFor(/started, attempt 1/, 240_000);
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
  }, 400_000);

  it('says when no worker is there, stops failing no candidate, and resumes once a worker starts late', async () => {
    const out = join(root, 'lonely');
    const args = ['--out', out, '--queue', lonely.url, '--memory-budget', '200KB'];
    const first = run(['search', '--dataset', data, ...args, '--time-budget', '60s', '--worker-wait', '8s']);
    expect(first.status, first.stderr).toBe(1);
    expect(first.stderr).toMatch(
      /\d job\(s\) wait and no memnas worker is connected to redis:\/\/127\.0\.0\.1:\d+ \(none for \d+ s\): start one with `memnas worker --redis redis:\/\/127\.0\.0\.1:\d+`/,
    );
    const last = first.stderr.trim().split('\n').at(-1);
    expect(last).toMatch(
      /^memnas: no memnas worker connected to redis:\/\/127\.0\.0\.1:\d+ for 8 s: stopped with \d job\(s\) still queued and no candidate failed; .*`memnas search --resume --out .*lonely --queue redis:\/\/127\.0\.0\.1:\d+` \[UNAVAILABLE\]$/,
    );
    const db = join(out, 'search.db');
    const stored = SqliteSearchStore.open(db);
    const before = stored.candidates().map((c) => c.status);
    stored.close();
    expect(before.length).toBeGreaterThan(0);
    expect(before).not.toContain('failed');
    expect(before).not.toContain('trained');
    // Resumed, it waits again; a worker started after its warning line lets it finish.
    const search = spawn(
      process.execPath,
      [bin, 'search', '--resume', ...args, '--time-budget', '90s', '--worker-wait', '4m', '--json'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    search.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const warned = new Promise<void>((resolve) =>
      search.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/no memnas worker is connected/.test(stderr)) resolve();
      }),
    );
    const exited = new Promise<number | null>((r) => search.once('exit', r));
    await Promise.race([warned, exited]);
    const late = await worker(lonely, 'late', 0);
    try {
      expect(await exited, stderr).toBe(0);
    } finally {
      await late.stop();
    }
    expect(stderr).toMatch(/a memnas worker is connected to redis:\/\/127\.0\.0\.1:\d+: the search goes on/);
    const summary = JSON.parse(stdout) as { candidatesTrained: number; candidatesFailed: number };
    expect(summary.candidatesFailed).toBe(0);
    expect(summary.candidatesTrained).toBeGreaterThanOrEqual(2);
    expect(late.lines.filter((l) => /\(cand-\d+\) trained in/.test(l)).length).toBeGreaterThanOrEqual(2);
  }, 480_000);

  it.runIf(process.env.MEMNAS_SLOW_TESTS === '1')(
    'a SIGKILLed queued search resumes with the results of jobs that finished meanwhile, training none again',
    async () => {
      const live = (): number =>
        workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null).length;
      while (live() < 2) workers.push(await worker(redis, `qr${workers.length}`, workers.length % 2));
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
