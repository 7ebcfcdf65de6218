// Upkeep (issue 18, item 6): cancelling a job (DELETE; its agent's child process is killed),
// paging GET /api/v1/jobs, pruning under --retain, and 503 with a health report when the database
// file vanishes underneath a running coordinator.
import { existsSync, mkdtempSync, readdirSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startCoordinator } from '../../devices/coordinator.ts';
import { SqliteJobStore } from '../../devices/db/sqlite-store.ts';
import { runAgentLoop } from '../../profiler-agent/agent/agent-loop.ts';
import { HttpTransport } from '../../profiler-agent/agent/http-transport.ts';
import { sha256 } from '../../profiler-agent/measure/profile.ts';
import { HTTP_PATHS, jobPath } from '../../profiler-agent/protocol-http.ts';
import { describeLocalDevice } from '../../profiler-agent/local.ts';
import { useCoordinator } from './helpers/file-coordinator.ts';
import { device, tinyModel } from './helpers/fixtures.ts';
import { postJson, raw } from './helpers/http.ts';
import { registerDevice } from './helpers/register.ts';

const TOKEN = 'upkeep-token-123456';
const MODEL = tinyModel();
const SHA = sha256(MODEL);
const c = useCoordinator('upkeep', { token: TOKEN, heartbeatMs: 200, idleRetryMs: 20 });

beforeAll(() => {
  c.coordinator.jobs.putModel(MODEL);
});

const submit = async (body: Record<string, unknown>): Promise<string> =>
  (
    (await postJson(c.url, HTTP_PATHS.jobs, TOKEN, { modelSha256: SHA, batches: [1], ...body })).json as {
      id: string;
    }
  ).id;

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('DELETE /api/v1/jobs/:id', () => {
  it('cancels a queued job; a second DELETE is 409, an unknown id 404, a device token 403', async () => {
    const t = await registerDevice(c.url, TOKEN, device('idle-box'));
    const id = await submit({ device: 'idle-box' });
    const del = await raw(c.url, 'DELETE', jobPath(id), { token: TOKEN });
    expect(del.status).toBe(200);
    expect(del.json).toMatchObject({ id, state: 'failed', error: { code: 'JOB_CANCELLED' } });
    expect((await raw(c.url, 'DELETE', jobPath(id), { token: TOKEN })).json).toMatchObject({
      code: 'JOB_FINISHED',
    });
    expect((await raw(c.url, 'DELETE', jobPath('nope'), { token: TOKEN })).status).toBe(404);
    expect((await raw(c.url, 'DELETE', jobPath(id), { token: t })).status).toBe(403);
    // The cancelled job is never dispatched.
    expect(
      (await postJson(c.url, HTTP_PATHS.poll, t, { protocol: 1, type: 'poll', deviceName: 'idle-box' })).json,
    ).toMatchObject({
      type: 'idle',
    });
  });

  it(
    "cancels a running job: the agent's heartbeat is told to stop and its measuring child is killed",
    { timeout: 60_000 },
    async () => {
      const d = await describeLocalDevice({ name: 'cancel-box', tags: [] });
      const stop = new AbortController();
      const lines: string[] = [];
      const loop = runAgentLoop({
        transport: new HttpTransport({ url: c.url, token: TOKEN }),
        device: d,
        signal: stop.signal,
        log: (l) => lines.push(l),
      });
      try {
        await until('the agent', async () =>
          c.coordinator.jobs.devices().some((x) => x.name === 'cancel-box') ? true : undefined,
        );
        // Long enough that it is still measuring when cancelled (100 000 runs would take minutes).
        const id = await submit({ device: 'cancel-box', runs: 10_000, warmup: 1_000, timeoutMs: 600_000 });
        await until('the job running', async () =>
          c.coordinator.jobs.job(id).state === 'running' ? true : undefined,
        );
        const children = (): string[] =>
          readdirSync(tmpdir()).filter((n) => n.startsWith(`memnas-child-${process.pid}-`));
        await until('the measuring child', async () => (children().length > 0 ? true : undefined));
        const t0 = Date.now();
        expect((await raw(c.url, 'DELETE', jobPath(id), { token: TOKEN })).status).toBe(200);
        await until('the agent to stop the job', async () =>
          lines.some((l) => l.includes(`job ${id}: the coordinator says it is no longer this device's`))
            ? true
            : undefined,
        );
        // The child is killed (its working directory goes with it) within a heartbeat or two.
        await until('the child gone', async () => (children().length === 0 ? true : undefined), 5_000);
        expect(Date.now() - t0).toBeLessThan(5_000);
        expect(c.coordinator.jobs.job(id)).toMatchObject({
          state: 'failed',
          error: { code: 'JOB_CANCELLED' },
        });
      } finally {
        stop.abort();
        await loop;
      }
    },
  );
});

describe('GET /api/v1/jobs pages', () => {
  it('returns `limit` jobs newest first and a Link to the next page until the last', async () => {
    await registerDevice(c.url, TOKEN, device('pager'));
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await submit({ device: 'pager' }));
    const seen: string[] = [];
    let next: string | undefined = `${HTTP_PATHS.jobs}?state=queued&limit=2`;
    let pages = 0;
    while (next !== undefined) {
      const res = await raw(c.url, 'GET', next, { token: TOKEN });
      expect(res.status).toBe(200);
      const page = res.json as { id: string }[];
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...page.map((j) => j.id));
      const link = res.headers.link as string | undefined;
      next = link === undefined ? undefined : /^<([^>]+)>; rel="next"$/.exec(link)?.[1];
      pages++;
    }
    expect(seen.filter((id) => ids.includes(id))).toEqual([...ids].reverse());
    expect(pages).toBeGreaterThanOrEqual(3);
    expect((await raw(c.url, 'GET', `${HTTP_PATHS.jobs}?limit=0`, { token: TOKEN })).status).toBe(400);
    expect((await raw(c.url, 'GET', `${HTTP_PATHS.jobs}?limit=501`, { token: TOKEN })).status).toBe(400);
    expect((await raw(c.url, 'GET', `${HTTP_PATHS.jobs}?before=nope`, { token: TOKEN })).status).toBe(404);
  });
});

describe('--retain', () => {
  it('prunes finished jobs, their results and the models no job names, and keeps the rest', async () => {
    const home = mkdtempSync(join(c.dir, 'retain-'));
    const r = await startCoordinator({
      port: 0,
      host: '127.0.0.1',
      dbPath: join(home, 'r.db'),
      token: TOKEN,
      log: () => {},
    });
    try {
      await registerDevice(r.url, TOKEN, device('old'));
      const used = r.jobs.putModel(MODEL).sha256;
      const orphan = r.jobs.putModel(tinyModel(8)).sha256;
      const done = (await postJson(r.url, HTTP_PATHS.jobs, TOKEN, { modelSha256: used, device: 'old' }))
        .json as { id: string };
      await raw(r.url, 'DELETE', jobPath(done.id), { token: TOKEN });
      const queued = (await postJson(r.url, HTTP_PATHS.jobs, TOKEN, { modelSha256: used, device: 'old' }))
        .json as { id: string };
      // Everything above is "older" than a cut-off a minute from now (a second connection, as
      // the coordinator's hourly pruning would run it).
      const store = SqliteJobStore.open(join(home, 'r.db'));
      try {
        expect(store.prune(Date.now() + 60_000)).toEqual({ jobs: 1, models: 1 });
      } finally {
        store.close();
      }
      expect((await raw(r.url, 'GET', jobPath(done.id), { token: TOKEN })).status).toBe(404);
      expect((await raw(r.url, 'GET', jobPath(queued.id), { token: TOKEN })).status).toBe(200);
      expect(r.jobs.putModel(MODEL).created).toBe(false);
      expect(r.jobs.putModel(tinyModel(8)).created).toBe(true);
      expect(orphan).not.toBe(used);
    } finally {
      await r.close();
    }
  });

  it('says at start whether it keeps everything or prunes, and prunes at start', async () => {
    const logs: string[] = [];
    const a = await startCoordinator({
      port: 0,
      host: '127.0.0.1',
      dbPath: ':memory:',
      token: TOKEN,
      log: (l) => logs.push(l),
    });
    await a.close();
    const b = await startCoordinator({
      port: 0,
      host: '127.0.0.1',
      dbPath: ':memory:',
      token: TOKEN,
      retainMs: 30 * 86_400_000,
      log: (l) => logs.push(l),
    });
    await b.close();
    expect(logs).toContainEqual(expect.stringMatching(/keeping every finished job.*--retain 30d/));
    expect(logs).toContainEqual(expect.stringMatching(/keeping finished jobs and unused models for 720 h/));
  });
});

describe('a database that vanishes', () => {
  it('refuses writes with 503 and reports it at /api/v1/health; reads still work', async () => {
    const home = mkdtempSync(join(c.dir, 'gone-'));
    const db = join(home, 'g.db');
    const logs: string[] = [];
    const g = await startCoordinator({
      port: 0,
      host: '127.0.0.1',
      dbPath: db,
      token: TOKEN,
      sweepMs: 50,
      log: (l) => logs.push(l),
    });
    try {
      expect((await raw(g.url, 'GET', HTTP_PATHS.health, { token: TOKEN })).json).toEqual({
        status: 'ok',
        database: 'ok',
      });
      for (const f of [db, `${db}-wal`, `${db}-shm`]) if (existsSync(f)) unlinkSync(f);
      const upload = await raw(g.url, 'POST', HTTP_PATHS.models, {
        token: TOKEN,
        contentType: 'application/octet-stream',
        body: MODEL,
      });
      expect(upload.status).toBe(503);
      expect(upload.json).toMatchObject({
        code: 'UNAVAILABLE',
        message: expect.stringContaining('was deleted'),
      });
      const reg = await postJson(g.url, HTTP_PATHS.register, TOKEN, {
        protocol: 1,
        type: 'register',
        device: device('late'),
        agentVersion: '0',
      });
      expect(reg.status).toBe(503);
      const health = await raw(g.url, 'GET', HTTP_PATHS.health, { token: TOKEN });
      expect(health.status).toBe(503);
      expect(health.json).toMatchObject({ status: 'degraded', database: 'missing' });
      expect((await raw(g.url, 'GET', HTTP_PATHS.devices, { token: TOKEN })).status).toBe(200);
      await until(
        'the sweeper to notice',
        async () => (logs.some((l) => l.includes('was deleted')) ? true : undefined),
        2_000,
      );
    } finally {
      await g.close();
    }
  });
});
