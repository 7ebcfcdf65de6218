import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeWeights } from '../../search/architecture/weights-file.ts';
import { runCli } from '../helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'memnas-export-cli-'));

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
});
