import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireClose } from '../../cli/commands/export.ts';
import { compareWithTfjs } from '../../app/export/compare-tfjs.ts';
import { exportArchitecture } from '../../exporter/export-model.ts';
import { parseArchitecture } from '../../search/architecture/parse.ts';
import { randomWeights } from '../../search/architecture/random-weights.ts';
import { encodeWeights } from '../../search/architecture/weights-file.ts';
import type { ArchitectureWeights } from '../../search/architecture/weights.ts';
import { buildArchitecture } from '../../search/space/build.ts';
import { randomGenotype } from '../../search/space/random.ts';
import { runCli } from '../helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'memnas-export-cli-'));

/** What `memnas export --random --seed S` exports. */
function randomSource(seed: number) {
  const arch = parseArchitecture(
    buildArchitecture(randomGenotype(seed), { shape: [28, 28, 1], classes: 10 }, `random-${seed}`),
  );
  return { arch, weights: randomWeights(arch, seed) };
}

/** The weights with every value of the first conv kernel 1% larger: a wrong export. */
function perturbFirstConv(weights: ArchitectureWeights): ArchitectureWeights {
  const [id, params] = Object.entries(weights).find(([, p]) => p.kernel?.shape.length === 4)!;
  const kernel = params.kernel!;
  return { ...weights, [id]: { ...params, kernel: { ...kernel, data: kernel.data.map((v) => v * 1.01) } } };
}

function expectCleanFailure(args: string[], pattern: RegExp): void {
  const r = runCli(args);
  expect(r.status).not.toBe(0);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe('memnas export', () => {
  it('verifies against tfjs and writes a reference batch keyed by graph names', () => {
    const out = join(dir, 'cnn.onnx');
    const ref = join(dir, 'ref.json');
    const r = runCli([
      'export',
      'examples/plain-cnn.json',
      '-o',
      out,
      '--verify',
      '--reference',
      ref,
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { maxAbsDiff: number; foldedBatchNorms: number };
    expect(report.maxAbsDiff).toBeLessThan(1e-4);
    expect(report.foldedBatchNorms).toBe(3);
    expect(existsSync(out)).toBe(true);
    const reference = JSON.parse(readFileSync(ref, 'utf8')) as {
      inputs: Record<string, { dims: number[]; data: number[] }>;
      outputs: Record<string, { dims: number[]; data: number[] }>;
    };
    expect(Object.keys(reference.inputs)).toEqual(['input']);
    expect(reference.inputs.input!.dims).toEqual([4, 1, 28, 28]);
    expect(reference.inputs.input!.data).toHaveLength(4 * 784);
    expect(reference.outputs.logits!.dims).toEqual([4, 10]);
    expect(reference.outputs.logits!.data).toHaveLength(40);
  });

  it('exports the same bytes for the same random seed, and prints a summary', () => {
    const a = join(dir, 'a.onnx');
    const b = join(dir, 'b.onnx');
    const r = runCli(['export', '--random', '--seed', '7', '-o', a]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/exported ONNX/);
    expect(runCli(['export', '--random', '--seed', '7', '-o', b]).status).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
  });

  it('fails cleanly on weights that do not match, an unwritable path, and a missing -o', () => {
    const weights = join(dir, 'bad.weights.bin');
    writeFileSync(
      weights,
      encodeWeights({ conv: { kernel: { shape: [1, 1, 1, 1], data: new Float32Array(1) } } }),
    );
    expectCleanFailure(
      ['export', 'examples/plain-cnn.json', '--weights', weights, '-o', join(dir, 'x.onnx')],
      /weights do not match.*'conv' 'kernel' has shape \[1, 1, 1, 1\]/,
    );
    expectCleanFailure(
      ['export', 'examples/plain-cnn.json', '-o', join(dir, 'no', 'such', 'dir', 'm.onnx')],
      /cannot write .*does not exist/,
    );
    expectCleanFailure(['export', 'examples/plain-cnn.json'], /-o model.onnx is required/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(dir, 'x.onnx'))).toBe(false);
  });

  it('verifies seed 71, whose logits reach ~300, by a relative tolerance', () => {
    const out = join(dir, 'seed71.onnx');
    const r = runCli(['export', '--random', '--seed', '71', '--verify', '--json', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { maxAbsDiff: number; maxRelDiff: number; allclose: boolean };
    expect(report.allclose).toBe(true);
    expect(report.maxRelDiff).toBeLessThan(1e-4);
    expect(existsSync(out)).toBe(true);
  });

  it('still refuses a wrong export: the first conv kernel 1% off', async () => {
    const { arch, weights } = randomSource(71);
    const wrong = exportArchitecture(arch, perturbFirstConv(weights), { lean: true, float16: false });
    const { difference } = await compareWithTfjs(arch, weights, wrong, { batch: 4, backend: 'wasm' });
    expect(difference.allclose).toBe(false);
    expect(difference.toleranceUsed).toBeGreaterThan(10);
    expect(() => requireClose(difference, 'wrong.onnx')).toThrow(
      expect.objectContaining({
        code: 'VERIFY_FAILED',
        message: expect.stringMatching(/absolute, .* relative, beyond .*wrong\.onnx was not written/),
      }),
    );
  });
});
