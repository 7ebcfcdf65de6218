import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'memnas-train-cli-'));

/** Two classes of 8×8 grey images: bright top half vs bright bottom half. */
function makeFolderDataset(root: string): void {
  for (const [split, count] of [
    ['train', 40],
    ['test', 10],
  ] as const) {
    for (const [label, top] of [
      ['top', true],
      ['bottom', false],
    ] as const) {
      const folder = join(root, split, label);
      mkdirSync(folder, { recursive: true });
      for (let i = 0; i < count; i++) {
        const png = new PNG({ width: 8, height: 8, colorType: 0 });
        for (let y = 0; y < 8; y++)
          for (let x = 0; x < 8; x++) {
            const v = y < 4 === top ? 200 + ((i * 7 + x) % 50) : (i * 13 + y) % 40;
            const k = (y * 8 + x) * 4;
            png.data[k] = png.data[k + 1] = png.data[k + 2] = v;
            png.data[k + 3] = 255;
          }
        writeFileSync(join(folder, `${i}.png`), PNG.sync.write(png, { colorType: 0 }));
      }
    }
  }
}

const arch = {
  format: 'memnas.architecture',
  version: 1,
  name: 'tiny',
  input: { shape: [8, 8, 1] },
  classes: 2,
  nodes: [
    { id: 'c', op: 'conv', inputs: ['input'], filters: 4, kernel: 3, strides: 2 },
    { id: 'bn', op: 'batchNorm', inputs: ['c'] },
    { id: 'r', op: 'activation', inputs: ['bn'], fn: 'relu' },
    { id: 'g', op: 'globalPool', inputs: ['r'] },
    { id: 'd', op: 'dense', inputs: ['g'], units: 2 },
  ],
  output: 'd',
};

describe('memnas train', () => {
  it('trains on a folder of class sub-folders, writes weights the exporter verifies', () => {
    const data = join(dir, 'data');
    makeFolderDataset(data);
    const archPath = join(dir, 'tiny.json');
    writeFileSync(archPath, JSON.stringify(arch));
    const out = join(dir, 'run');
    const r = runCli([
      'train',
      archPath,
      '--dataset',
      data,
      '--epochs',
      '3',
      '--batch-size',
      '16',
      '--out',
      out,
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'train.json'), 'utf8')) as Record<string, unknown>;
    expect(summary.testAccuracy).toBeTypeOf('number');
    expect(summary.validationAccuracy).toBeTypeOf('number');
    expect((summary.lossCurve as unknown[]).length).toBeGreaterThan(0);
    expect(existsSync(join(out, 'weights.bin'))).toBe(true);
    const exp = runCli([
      'export',
      archPath,
      '--weights',
      join(out, 'weights.bin'),
      '-o',
      join(out, 'm.onnx'),
      '--verify',
      '--json',
    ]);
    expect(exp.status, exp.stderr).toBe(0);
    expect((JSON.parse(exp.stdout) as { maxAbsDiff: number }).maxAbsDiff).toBeLessThan(1e-4);
  });

  it('fails cleanly on an unknown dataset and on a class-count mismatch', () => {
    const r = runCli(['train', 'examples/plain-cnn.json', '--dataset', join(dir, 'nowhere')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown dataset/);
    const m = runCli([
      'train',
      'examples/plain-cnn.json',
      '--dataset',
      join(dir, 'data'),
      '--out',
      join(dir, 'x'),
    ]);
    expect(m.status).not.toBe(0);
    expect(m.stderr.trim().split('\n')).toHaveLength(1);
    expect(m.stderr).toMatch(/28×28×1|classes/);
  });
  it('--weights fine-tunes trained weights, and refuses weights of another architecture in one line', () => {
    const archPath = join(dir, 'tiny.json');
    const data = join(dir, 'data');
    const firstLoss = (args: string[], out: string): number => {
      const r = runCli([
        'train',
        archPath,
        '--dataset',
        data,
        '--images',
        '16',
        '--batch-size',
        '16',
        '--out',
        out,
        '--json',
        ...args,
      ]);
      expect(r.status, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { lossCurve: { loss: number }[] }).lossCurve[0]!.loss;
    };
    // Weights trained for 40 epochs: their first step's loss is far below the untrained network's (~ln 2).
    const long = runCli([
      'train',
      archPath,
      '--dataset',
      data,
      '--epochs',
      '40',
      '--batch-size',
      '16',
      '--lr',
      '0.01',
      '--out',
      join(dir, 'long'),
      '--json',
    ]);
    expect(long.status, long.stderr).toBe(0);
    const fromScratch = firstLoss([], join(dir, 'scratch'));
    const tuned = firstLoss(['--weights', join(dir, 'long', 'weights.bin')], join(dir, 'tuned'));
    expect(tuned).toBeLessThan(fromScratch - 0.1);
    const wider = { ...arch, nodes: arch.nodes.map((n) => (n.id === 'c' ? { ...n, filters: 8 } : n)) };
    writeFileSync(join(dir, 'wider.json'), JSON.stringify(wider));
    const bad = runCli([
      'train',
      join(dir, 'wider.json'),
      '--dataset',
      data,
      '--weights',
      join(dir, 'run', 'weights.bin'),
    ]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/weights do not match architecture 'tiny'.*\[WEIGHTS_INVALID\]/);
  });
});
