// The agent as a device installs it (issue #19 item 1): a running coordinator builds its own
// agent package and serves it at GET /downloads/memnas-agent.tgz without a token; `npm install -g
// --prefix EMPTY URL` installs it (onnxruntime-node from the npm cache, its download script
// skipped); the installed `memnas-agent agent --emulated` joins the coordinator as a device that
// says it is emulated, and a profile job through the coordinator comes back with a peak within
// 10% of an independent measurement under the same protocol (profileLocal from the sources).
// Slow (~100 s on 2 busy vCPUs): tsc compiles the agent, npm unpacks onnxruntime-node (288 MB).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Coordinator } from '../../devices/coordinator.ts';
import { CoordinatorClient, profileOnCoordinator } from '../../devices/client.ts';
import { AGENT_VERSION } from '../../profiler-agent/agent/version.ts';
import { profileLocal } from '../../profiler-agent/local.ts';
import { startTestCoordinator } from '../devices/helpers/test-coordinator.ts';
import { waitFor } from '../devices/helpers/processes.ts';
import { wideActivationModel } from '../profiler-agent/fixtures.ts';

const TOKEN = 'agent-install-token-1234';
const work = mkdtempSync(join(tmpdir(), 'memnas-agent-install-'));
const savedCache = process.env.XDG_CACHE_HOME;
let coordinator: Coordinator;
let agent: ChildProcess | undefined;
let agentOutput = '';

beforeAll(async () => {
  // A cache of our own, so the coordinator really builds the package (tsc + npm pack) here.
  process.env.XDG_CACHE_HOME = join(work, 'cache');
  coordinator = await startTestCoordinator(TOKEN);
});

afterAll(async () => {
  if (agent?.pid !== undefined && agent.exitCode === null) {
    const exited = new Promise((r) => agent!.once('exit', r));
    process.kill(-agent.pid, 'SIGKILL');
    await exited;
  }
  await coordinator.close();
  if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCache;
  rmSync(work, { recursive: true, force: true });
}, 300_000);

/** `npm install -g --prefix DIR URL`, as a device would, from the npm cache where it can. */
async function npmInstallGlobal(prefix: string, url: string): Promise<void> {
  await promisify(execFile)(
    'npm',
    [
      'install',
      '-g',
      '--prefix',
      prefix,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      url,
    ],
    { cwd: work, env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' } },
  );
}

/** The installed bin, started as a shell would (its #!/usr/bin/env node line), in its own group. */
function startInstalledAgent(bin: string, url: string): ChildProcess {
  const child = spawn(
    bin,
    [
      'agent',
      '--coordinator',
      url,
      '--token',
      TOKEN,
      '--name',
      'pkg-emu',
      '--tags',
      'arm64,pi',
      '--emulated',
    ],
    { cwd: work, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (c: Buffer) => (agentOutput += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (agentOutput += c.toString()));
  return child;
}

describe('the agent package from the coordinator', () => {
  it('downloads without a token, installs into an empty prefix, joins as emulated and profiles within 10%', async () => {
    const url = `${coordinator.url}/downloads/memnas-agent.tgz`;
    const head = await fetch(url); // no Authorization header: public
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/gzip');
    const bytes = Buffer.from(await head.arrayBuffer());
    expect(Number(head.headers.get('content-length'))).toBe(bytes.length);
    expect(head.headers.get('x-memnas-agent-version')).toBe(AGENT_VERSION);
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip magic

    const prefix = join(work, 'prefix');
    await npmInstallGlobal(prefix, url);
    const bin = join(prefix, 'bin', 'memnas-agent');
    expect(existsSync(bin)).toBe(true);
    // Compiled JavaScript only: no TypeScript, no tsx among what was installed.
    const installed = join(prefix, 'lib', 'node_modules');
    expect(existsSync(join(installed, 'memnas-agent', 'dist', 'cli.js'))).toBe(true);
    expect(existsSync(join(installed, 'memnas-agent', 'dist', 'cli.ts'))).toBe(false);
    expect(existsSync(join(installed, 'memnas-agent', 'node_modules', 'tsx'))).toBe(false);

    agent = startInstalledAgent(bin, coordinator.url);
    const client = new CoordinatorClient({ url: coordinator.url, token: TOKEN });
    const device = await waitFor(
      `the installed agent to register (its output: ${agentOutput})`,
      async () => (await client.devices()).find((d) => d.name === 'pkg-emu' && d.online),
      60_000,
    );
    expect(device.description.emulated).toBe(true);
    expect(device.tags).toEqual(['arm64', 'pi']);
    expect(device.agentVersion).toBe(AGENT_VERSION);

    const model = wideActivationModel();
    const job = { batches: [8], runs: 5, warmup: 1 } as const;
    const remote = await profileOnCoordinator(model, {
      coordinator: coordinator.url,
      token: TOKEN,
      device: 'pkg-emu',
      ...job,
    });
    expect(remote.device.emulated).toBe(true);
    const local = await profileLocal(model, { ...job, batches: [...job.batches] });
    const [r, l] = [remote.batches[0]!.peakBytes, local.batches[0]!.peakBytes];
    console.log(`batch-8 peak: installed agent ${r} B, profileLocal from source ${l} B`);
    expect(Math.abs(r / l - 1), `installed agent ${r} B, from source ${l} B`).toBeLessThanOrEqual(0.1);
  }, 300_000);
});
