// Restart safety with real processes: `memnas serve` (runServe) is killed (SIGKILL, no chance to
// clean up) while one job runs and others wait, then started again on the same port and database.
// The agent keeps measuring through the outage and reconnects; every job completes, once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CoordinatorClient } from '../../devices/client.ts';
import { tinyModel } from './helpers/fixtures.ts';
import { freePort, spawnAgent, spawnServe, stopAll, waitFor } from './helpers/processes.ts';

const TOKEN = 'restart-token-123456';
const dir = mkdtempSync(join(tmpdir(), 'memnas-restart-'));

afterAll(async () => {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('a coordinator restart', () => {
  it('loses no queued or running job: all complete after the restart, each reported once', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const db = join(dir, 'coordinator.db');
    const client = new CoordinatorClient({ url, token: TOKEN });
    let serve = spawnServe(port, db, TOKEN, 500);
    await waitFor('the coordinator', async () => (await client.devices()) && true);

    const agent = spawnAgent(url, TOKEN, 'r-1', ['restart']);
    await waitFor('device r-1 online', async () =>
      (await client.devices()).some((d) => d.name === 'r-1' && d.online) ? true : undefined,
    );
    const { sha256 } = await client.uploadModel(tinyModel());
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (await client.submitJob({ modelSha256: sha256, tag: 'restart', batches: [1], runs: 50, warmup: 2 }))
          .id,
      );
    await waitFor(
      'the first job running',
      async () => ((await client.job(ids[0]!)).state === 'running' ? true : undefined),
      30_000,
      50,
    );

    serve.kill('SIGKILL');
    await serve.exited;
    serve = spawnServe(port, db, TOKEN, 500);

    for (const id of ids) {
      const job = await client.waitForJob(id, { timeoutMs: 60_000, pollMs: 200 });
      expect(job.state, `job ${id}: ${JSON.stringify(job.attempts)}`).toBe('done');
      expect(job.result!.device.name).toBe('r-1');
      expect(job.attempts.filter((a) => a.outcome === 'done')).toHaveLength(1);
    }
    expect((await client.jobs()).filter((j) => j.state !== 'done')).toEqual([]);
    expect(agent.output()).toMatch(/reachable again/);

    serve.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
  });
});
