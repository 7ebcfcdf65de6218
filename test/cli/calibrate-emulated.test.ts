// `memnas calibrate --device NAME` on an emulated device (an agent started with --emulated, as
// the qemu Pi's is): memory is fitted, latency is not, and the output says why in one line;
// `memnas estimate --device` then predicts no latency for it. A real agent from the sources on
// this machine, 4 generated models (~1 min on 2 busy vCPUs).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalibrationRecord } from '../../app/calibrate/store.ts';
import type { Coordinator } from '../../devices/coordinator.ts';
import { CoordinatorClient } from '../../devices/client.ts';
import { spawnTs, stopAll, waitFor } from '../devices/helpers/processes.ts';
import { startTestCoordinator } from '../devices/helpers/test-coordinator.ts';
import { wideActivationModel } from '../profiler-agent/fixtures.ts';

const TOKEN = 'calibrate-emulated-token';
const bin = fileURLToPath(new URL('../../bin/memnas.js', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'memnas-emu-home-'));
let coordinator: Coordinator;

beforeAll(async () => {
  coordinator = await startTestCoordinator(TOKEN);
  spawnTs(
    'profiler-agent/agent-cli.ts',
    ['--coordinator', coordinator.url, '--name', 'emu-1', '--emulated'],
    {
      MEMNAS_TOKEN: TOKEN,
    },
  );
  const client = new CoordinatorClient({ url: coordinator.url, token: TOKEN });
  await waitFor('the emulated agent', async () => (await client.devices()).find((d) => d.online), 60_000);
}, 90_000);

afterAll(async () => {
  await stopAll();
  await coordinator.close();
  rmSync(home, { recursive: true, force: true });
});

/** `memnas ARGS` as a user runs it, against the test coordinator, with our own calibrations. */
function memnas(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, MEMNAS_HOME: home, MEMNAS_COORDINATOR: coordinator.url, MEMNAS_TOKEN: TOKEN },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('memnas calibrate on an emulated device', () => {
  it('fits memory only, says in one line why latency is not fitted, and estimate predicts none', async () => {
    const calibrate = await memnas(['calibrate', '--device', 'emu-1', '--models', '4']);
    expect(calibrate.stderr).not.toMatch(/ ms(,|$)/m); // progress lines carry no emulated timing
    expect(calibrate.status, calibrate.stderr).toBe(0);
    const latencyLines = calibrate.stdout.split('\n').filter((l) => l.includes('latency'));
    expect(latencyLines).toEqual([
      "  latency:     not fitted: 'emu-1' is emulated, its timings are the emulator's, not a device's",
    ]);
    expect(calibrate.stdout).toMatch(/peak memory: \d+% within ±5%/);
    const record = JSON.parse(
      readFileSync(join(home, 'calibrations', 'emu-1.json'), 'utf8'),
    ) as CalibrationRecord;
    expect(record.device.emulated).toBe(true);
    expect(record.fit.latency).toBeNull();
    expect(record.fit.memory.coefficients.some((c) => c > 0)).toBe(true);

    const model = join(home, 'wide.onnx');
    writeFileSync(model, wideActivationModel());
    const estimate = await memnas(['estimate', model, '--device', 'emu-1']);
    expect(estimate.status, estimate.stderr).toBe(0);
    expect(estimate.stdout).toMatch(/predicted latency \(p50\)\s+not predicted \(emulated device\)/);
    const json = await memnas(['estimate', model, '--device', 'emu-1', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      predictedLatencyMs: null,
      calibration: { emulated: true },
    });
  }, 300_000);
});
