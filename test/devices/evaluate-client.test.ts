// Expensive (~40 s: a real agent process profiles the model). The evaluate job end to end: a
// coordinator in this process, a real Node agent process, and
// `memnas deploy --device NAME --coordinator URL` — the model and the test inputs travel through
// the coordinator, the agent classifies them with onnxruntime-node and profiles the model, the
// host scores the classes. Devices that cannot evaluate, are unknown or offline fail in one line.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputBlob } from '../../app/deploy/test-inputs.ts';
import { readFinishedRun } from '../../app/deploy/run-folder.ts';
import { type Coordinator, startCoordinator } from '../../devices/coordinator.ts';
import { CoordinatorClient } from '../../devices/client.ts';
import { evaluateOnCoordinator } from '../../devices/evaluate-client.ts';
import { PROTOCOL_VERSION } from '../../profiler-agent/protocol.ts';
import { loadDataset } from '../../trainer/data/load-dataset.ts';
import { datasetSpecFromArg } from '../../app/dataset-arg.ts';
import { type FixtureRun, makeFixtureRun } from '../cli/run-fixture.ts';
import { device } from './helpers/fixtures.ts';
import { spawnAgent, stopAll, waitFor } from './helpers/processes.ts';

const TOKEN = 'evaluate-test-token';
const BIN = fileURLToPath(new URL('../../bin/memnas.js', import.meta.url));

/** The CLI in a child process, asynchronously: the coordinator it talks to runs in this process. */
function runCli(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}
const root = mkdtempSync(join(tmpdir(), 'memnas-evaluate-'));
let run: FixtureRun;
let coordinator: Coordinator;

beforeAll(async () => {
  run = await makeFixtureRun(root);
  coordinator = await startCoordinator({
    port: 0,
    host: '127.0.0.1',
    dbPath: ':memory:',
    token: TOKEN,
    heartbeatMs: 1_000,
    log: () => {},
  });
  spawnAgent(coordinator.url, TOKEN, 'node-1', ['eval']);
  const client = new CoordinatorClient({ url: coordinator.url, token: TOKEN });
  await waitFor('the agent to register', async () =>
    (await client.devices()).some((d) => d.name === 'node-1' && d.online) ? true : undefined,
  );
}, 90_000);

afterAll(async () => {
  await stopAll();
  await coordinator?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('evaluate jobs through the coordinator', () => {
  it('memnas deploy on a Node agent matches the host accuracy', async () => {
    const r = await runCli([
      'deploy',
      run.dir,
      '--device',
      'node-1',
      '--coordinator',
      coordinator.url,
      '--token',
      TOKEN,
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      onDeviceAccuracy: number;
      hostAccuracy: number;
      testImages: number;
      peakMemoryBytes: number;
      plainPeakMemoryBytes: number | null;
      startCommand: string;
      device: { name: string; runtime: { name: string } };
      bundle: string;
    };
    expect(out.testImages).toBe(45);
    expect(Math.abs(out.onDeviceAccuracy - out.hostAccuracy)).toBeLessThanOrEqual(0.001);
    expect(out.device.name).toBe('node-1');
    expect(out.device.runtime.name).toBe('ort-node');
    expect(out.peakMemoryBytes).toBeGreaterThan(0);
    expect(out.bundle).toBe(join(run.dir, 'deploy-node-1'));
    // The second, plain measurement went through the same coordinator to the same agent.
    expect(out.plainPeakMemoryBytes).toBeGreaterThan(0);
    expect(out.startCommand).toMatch(
      /^MALLOC_MMAP_THRESHOLD_=4096 UV_THREADPOOL_SIZE=1 node .*--no-opt .*run-node\.mjs$/,
    );
    const kept = JSON.parse(readFileSync(join(out.bundle, 'deploy.json'), 'utf8')) as {
      plainProfile: { device: { name: string }; measuringEnvironment?: { name: string }; batches: unknown[] };
    };
    expect(kept.plainProfile.device.name).toBe('node-1');
    expect(kept.plainProfile.measuringEnvironment?.name).toBe('plain');
    expect(kept.plainProfile.batches).toHaveLength(1);
  }, 180_000);

  it('refuses devices that cannot evaluate, are unknown or offline', async () => {
    const deployed = readFinishedRun(run.dir);
    const data = await loadDataset(datasetSpecFromArg(run.data, 0));
    const blob = inputBlob(data.test!);
    const options = { coordinator: coordinator.url, token: TOKEN };
    const browser = { ...device('phone'), runtime: { name: 'tflite-micro', version: '2.0.0' } };
    coordinator.agents.register({
      protocol: PROTOCOL_VERSION,
      type: 'register',
      device: browser,
      agentVersion: 'test',
    });
    await expect(evaluateOnCoordinator(deployed.onnx, blob, { ...options, device: 'phone' })).rejects.toThrow(
      /device 'phone''s agent \(tflite-micro\) cannot evaluate/,
    );
    await expect(
      evaluateOnCoordinator(deployed.onnx, blob, { ...options, device: 'nobody' }),
    ).rejects.toThrow(/no device 'nobody' has registered/);
    coordinator.agents.register({
      protocol: PROTOCOL_VERSION,
      type: 'register',
      device: device('gone'),
      agentVersion: 'test',
    });
    await new Promise((r) => setTimeout(r, 3_300)); // three missed heartbeats
    await expect(evaluateOnCoordinator(deployed.onnx, blob, { ...options, device: 'gone' })).rejects.toThrow(
      /device 'gone' is offline/,
    );
    const cli = await runCli([
      'deploy',
      run.dir,
      '--device',
      'gone',
      '--coordinator',
      coordinator.url,
      '--token',
      TOKEN,
    ]);
    expect(cli.status).not.toBe(0);
    expect(cli.stderr.trim().split('\n')).toEqual([expect.stringMatching(/device 'gone' is offline/)]);
  }, 60_000);
});
