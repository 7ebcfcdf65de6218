// Expensive (~45 s: child processes classify and profile, under the protocol and plainly).
// `memnas deploy --device local` end to end on a small finished run (run-fixture.ts): the whole
// test split classified by onnxruntime-node in a child process must score what tfjs scores on the
// host (issue 7: to 0.1 point), the bundle must be complete and its Node runner must agree with
// the host image by image; bad input ends in one line with nothing half-written.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostEvaluate } from '../../app/deploy/host-accuracy.ts';
import { readFinishedRun } from '../../app/deploy/run-folder.ts';
import { runCli } from '../helpers/run-cli.ts';
import { type FixtureRun, makeFixtureRun } from './run-fixture.ts';

const root = mkdtempSync(join(tmpdir(), 'memnas-deploy-'));
let run: FixtureRun;
beforeAll(async () => {
  run = await makeFixtureRun(root);
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface DeployJson {
  onDeviceAccuracy: number;
  hostAccuracy: number;
  peakMemoryBytes: number;
  plainPeakMemoryBytes: number | null;
  startCommand: string;
  latencyMs: number;
  bundle: string;
  device: {
    name: string;
    cpuModel: string;
    runtime: { name: string };
    sessionOptions: { enableMemPattern: boolean };
  };
  testImages: number;
  disagreements: number;
}

describe('memnas deploy --device local', () => {
  it('matches the host accuracy on the whole test split and writes a complete bundle', async () => {
    const r = runCli(['deploy', run.dir, '--device', 'local', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as DeployJson;
    expect(out.testImages).toBe(45); // 3 classes × 15 test images
    expect(Math.abs(out.onDeviceAccuracy - out.hostAccuracy)).toBeLessThanOrEqual(0.001);
    const summary = JSON.parse(readFileSync(join(run.dir, 'summary.json'), 'utf8')) as {
      best: { testAccuracy: number };
    };
    // The host figure is the search's own test accuracy of the same weights.
    expect(out.hostAccuracy).toBeCloseTo(summary.best.testAccuracy, 9);
    expect(out.device.name).toBe('local');
    expect(out.device.runtime.name).toBe('ort-node');
    expect(out.peakMemoryBytes).toBeGreaterThan(0);
    expect(out.latencyMs).toBeGreaterThan(0);
    expect(resolve(out.bundle)).toBe(resolve(run.dir, 'deploy-local'));
    const files = readdirSync(out.bundle).sort();
    expect(files).toEqual([
      'README.md',
      'deploy.json',
      'index.html',
      'labels.json',
      'model.onnx',
      'package.json',
      'run-node.mjs',
    ]);
    expect(readFileSync(join(out.bundle, 'model.onnx'))).toEqual(readFileSync(join(run.dir, 'best.onnx')));
    expect(JSON.parse(readFileSync(join(out.bundle, 'labels.json'), 'utf8'))).toEqual([
      'bottom',
      'left',
      'top',
    ]);
    const kept = JSON.parse(readFileSync(join(out.bundle, 'deploy.json'), 'utf8')) as DeployJson & {
      profile: { peakMemoryBytes: number; measuringEnvironment?: { name: string } };
      plainProfile: { peakMemoryBytes: number; measuringEnvironment?: unknown };
    };
    expect(kept.onDeviceAccuracy).toBe(out.onDeviceAccuracy);
    expect(kept.profile.peakMemoryBytes).toBe(out.peakMemoryBytes);
    const readme = readFileSync(join(out.bundle, 'README.md'), 'utf8');
    expect(readme).toContain(`${(100 * out.onDeviceAccuracy).toFixed(2)}%`);
    expect(readme).toContain(`${out.peakMemoryBytes} bytes`);
    if (process.platform === 'linux')
      expect(readme).toMatch(/of it, the runtime's code .*\| \d+(\.\d+)? (KB|MB) \|/);
    expect(readme).toContain(out.device.cpuModel);
    // Measured by onnxruntime-node: `npm start` runs the process the peak was measured in.
    const start =
      'MALLOC_MMAP_THRESHOLD_=4096 UV_THREADPOOL_SIZE=1 node --expose-gc --no-opt --single-threaded-gc run-node.mjs';
    expect(out.startCommand).toBe(start);
    expect(readme).toContain(`\`npm start\` runs \`${start}\``);
    // The same model in a plain process, measured on the device, beside the protocol's figure.
    expect(out.plainPeakMemoryBytes).toBeGreaterThan(0);
    expect(readme).toContain(`(${out.plainPeakMemoryBytes} bytes)`);
    expect(kept.plainPeakMemoryBytes).toBe(out.plainPeakMemoryBytes);
    expect(kept.profile.measuringEnvironment?.name).toBe('protocol');
    expect(kept.plainProfile.measuringEnvironment).toEqual({
      name: 'plain',
      env: {},
      nodeFlags: ['--expose-gc'],
    });
    expect(kept.plainProfile.peakMemoryBytes).toBe(out.plainPeakMemoryBytes);
    // Both runners open the model with the session options it was measured with.
    for (const runner of ['run-node.mjs', 'index.html'])
      expect(readFileSync(join(out.bundle, runner), 'utf8')).toContain(
        `"enableMemPattern":${out.device.sessionOptions.enableMemPattern}`,
      );
    const pkg = JSON.parse(readFileSync(join(out.bundle, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const ours = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['onnxruntime-node']).toBe(ours.dependencies['onnxruntime-node']);
    expect(pkg.dependencies['onnxruntime-web']).toBe(ours.dependencies['onnxruntime-web']);
    const html = readFileSync(join(out.bundle, 'index.html'), 'utf8');
    expect(html).toContain("from './ort/ort.wasm.min.mjs'");
    expect(html).not.toMatch(/https?:\/\//);
    expect(readdirSync(run.dir).filter((f) => f.includes('.tmp-') || f.includes('.probe-'))).toEqual([]);

    // The bundle's Node runner, on PNG files of test images, prints the class tfjs gives them.
    const bundleRun = join(root, 'bundle-run');
    mkdirSync(bundleRun);
    for (const f of files) copyFileSync(join(out.bundle, f), join(bundleRun, f));
    symlinkSync(resolve('node_modules'), join(bundleRun, 'node_modules'));
    const deployed = readFinishedRun(run.dir);
    const labels = ['bottom', 'left', 'top'];
    for (const [label, i] of [
      ['top', 0],
      ['left', 3],
      ['bottom', 7],
    ] as const) {
      const png = join(run.data, 'test', label, `${i}.png`);
      const decoded = PNG.sync.read(readFileSync(png));
      const image = new Float32Array(64);
      for (let p = 0; p < 64; p++) image[p] = decoded.data[p * 4]! / 255;
      const host = await hostEvaluate(deployed.best, deployed.weights, {
        images: image,
        labels: new Int32Array([0]),
        count: 1,
        shape: [8, 8, 1],
      });
      const r2 = spawnSync(process.execPath, [join(bundleRun, 'run-node.mjs'), png], { encoding: 'utf8' });
      expect(r2.status, r2.stderr).toBe(0);
      expect(r2.stdout).toMatch(
        new RegExp(
          `^${labels[host.predictions[0]!]} \\(class ${host.predictions[0]} , probability 0\\.\\d{3}\\)\\n$`.replace(
            ' ,',
            ',',
          ),
        ),
      );
    }
  }, 180_000);

  it('refuses a run without a finished model, an unwritable bundle path and an unusable device in one line', () => {
    const killed = join(root, 'killed');
    mkdirSync(killed);
    copyFileSync(join(run.dir, 'search.db'), join(killed, 'search.db'));
    const a = runCli(['deploy', killed, '--device', 'local']);
    expect(a.status).not.toBe(0);
    expect(a.stderr.trim().split('\n')).toHaveLength(1);
    expect(a.stderr).toMatch(/has no finished model .*memnas search --resume/);

    const notADir = join(root, 'a-file');
    writeFileSync(notADir, 'x');
    const b = runCli(['deploy', run.dir, '--device', 'local', '--out', join(notADir, 'bundle')]);
    expect(b.status).not.toBe(0);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
    expect(b.stderr).toMatch(/cannot write the bundle .*a-file\/bundle: (ENOTDIR|EEXIST)/);
    expect(readFileSync(notADir, 'utf8')).toBe('x');

    const c = runCli(['deploy', run.dir, '--device', 'pi5']);
    expect(c.status).not.toBe(0);
    expect(c.stderr).toMatch(/device 'pi5' needs a coordinator/);
    const d = runCli([
      'deploy',
      run.dir,
      '--device',
      'pi5',
      '--coordinator',
      'http://127.0.0.1:9',
      '--token',
      'secret-token',
    ]);
    expect(d.status).not.toBe(0);
    expect(d.stderr.trim().split('\n')).toHaveLength(1);
    expect(d.stderr).toMatch(/cannot reach the coordinator at http:\/\/127\.0\.0\.1:9/);
    expect(existsSync(join(run.dir, 'deploy-pi5'))).toBe(false);
    const e = runCli(['deploy', join(root, 'nowhere')]);
    expect(e.stderr).toMatch(/no such run folder/);
  }, 60_000);
});
