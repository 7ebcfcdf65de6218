// The emulated Raspberry Pi end to end, opt-in (MEMNAS_EMULATED_PI=1; root, ~5 minutes with the
// image cached, ~25 more to build it): build the image (cached), start `memnas serve` on the
// loopback, boot the arm64 guest with the two commands serve printed, wait for pi-emu to join,
// and profile a model on it through the coordinator with the real CLI.
//
//   sudo MEMNAS_EMULATED_PI=1 npx vitest run test/scripts/emulated-pi/emulated-pi.test.ts
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServeChild, startServe } from '../../../scripts/emulated-pi/serve-child.ts';
import {
  BUILD_SCRIPT,
  bootEmulatedPi,
  type EmulatedPi,
  joinScript,
  PI_EMU,
} from '../../../scripts/emulated-pi/vm.ts';
import { waitForDevice } from '../../../scripts/emulated-pi/wait-device.ts';
import { CoordinatorClient } from '../../../devices/client.ts';
import { mobileNetV2Stack } from '../../fixtures/onnx/public-architectures.ts';

const RUN = process.env.MEMNAS_EMULATED_PI === '1';
const MEMNAS = join(import.meta.dirname, '..', '..', '..', 'bin', 'memnas.js');
const MINUTE = 60_000;

describe.skipIf(!RUN)('the emulated Pi (MEMNAS_EMULATED_PI=1)', () => {
  let serve: ServeChild | undefined;
  let vm: EmulatedPi | undefined;
  const consoleLines: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'memnas-pi-test-'));

  afterAll(async () => {
    await vm?.stop();
    await serve?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'builds, boots, installs the agent by the printed command, joins as pi-emu and profiles',
    async () => {
      const build = spawnSync('bash', [BUILD_SCRIPT], { encoding: 'utf8' });
      expect(build.status, build.stderr).toBe(0);
      serve = await startServe();
      expect(serve.commands[0]).toMatch(
        /^npm install -g http:\/\/127\.0\.0\.1:\d+\/downloads\/memnas-agent\.tgz$/,
      );
      vm = bootEmulatedPi(joinScript(...serve.commands), (line) => consoleLines.push(line));
      await waitForDevice(serve.url, serve.token, PI_EMU.name, 20 * MINUTE).catch((e: unknown) => {
        throw new Error(`${String(e)}\nguest console:\n${consoleLines.slice(-30).join('\n')}`);
      });

      const devices = await new CoordinatorClient({ url: serve.url, token: serve.token }).devices();
      const pi = devices.find((d) => d.name === PI_EMU.name);
      expect(pi?.description.arch).toBe('arm64');
      expect(pi?.description.emulated).toBe(true);
      expect(pi?.tags).toEqual(expect.arrayContaining(['arm64', 'pi']));

      const model = join(dir, 'mobilenet-v2-stack.onnx');
      writeFileSync(model, mobileNetV2Stack().bytes);
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          MEMNAS,
          'profile',
          model,
          '--device',
          PI_EMU.name,
          '--coordinator',
          serve.url,
          '--batches',
          '1',
          '--json',
        ],
        { env: { ...process.env, MEMNAS_TOKEN: serve.token }, timeout: 15 * MINUTE },
      );
      const result = JSON.parse(stdout) as {
        device: { arch: string; emulated?: boolean };
        batches: { batch: number; peakMemoryBytes: number }[];
      };
      expect(result.device).toMatchObject({ arch: 'arm64', emulated: true });
      expect(result.batches[0]?.peakMemoryBytes).toBeGreaterThan(100_000);
    },
    60 * MINUTE,
  );
});
