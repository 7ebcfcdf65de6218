import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';
import { denseNetDenseBlock } from '../fixtures/onnx/public-architectures.ts';

const dir = mkdtempSync(join(tmpdir(), 'memnas-estimate-'));
const write = (name: string, content: string | Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** One line on stderr, non-zero exit, no stack trace. */
function expectCleanFailure(args: string[], pattern: RegExp): void {
  const r = runCli(args);
  expect(r.status).not.toBe(0);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
}

describe('memnas estimate', () => {
  it('prints the JSON fields of an architecture', () => {
    const r = runCli(['estimate', 'examples/plain-cnn.json', '--json', '--batch', '2']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const key of [
      'paramBytes',
      'peakActivationBytes',
      'fileOrderPeakActivationBytes',
      'methodPeakActivationBytes',
      'totalBytes',
      'order',
      'liveAtPeak',
    ]) {
      expect(out).toHaveProperty(key);
    }
    expect(out.paramBytes).toBe(24282 * 4);
    expect(out.totalBytes).toBe((out.paramBytes as number) + (out.peakActivationBytes as number));
    expect(out.batch).toBe(2);
  });

  it('reads an ONNX file, with --batch filling the dynamic batch', () => {
    const path = write('dense.onnx', denseNetDenseBlock().bytes);
    const one = JSON.parse(runCli(['estimate', path, '--json']).stdout) as Record<string, number>;
    const four = JSON.parse(runCli(['estimate', path, '--json', '--batch', '4']).stdout) as Record<
      string,
      number
    >;
    expect(one.kind).toBe('onnx');
    expect(four.paramBytes).toBe(one.paramBytes);
    expect(four.peakActivationBytes).toBe(4 * one.peakActivationBytes!);
    expect(one.peakActivationBytes).toBeLessThanOrEqual(one.fileOrderPeakActivationBytes!);
  });

  it('prints a readable summary without --json', () => {
    const r = runCli(['estimate', 'examples/mobilenetv2-28.json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/parameters/);
    expect(r.stdout).toMatch(/alive at the peak/);
  });

  it('fails cleanly on bad input', () => {
    expectCleanFailure(['estimate', join(dir, 'missing.onnx')], /no such file/);
    expectCleanFailure(['estimate', write('trunc.json', '{"format": "memnas.arch')], /not valid JSON/);
    const cyc = {
      format: 'memnas.architecture',
      version: 1,
      input: { shape: [4, 4, 1] },
      classes: 2,
      nodes: [
        { id: 'a', op: 'conv', inputs: ['b'], filters: 2, kernel: 1 },
        { id: 'b', op: 'conv', inputs: ['a'], filters: 2, kernel: 1 },
        { id: 'g', op: 'globalPool', inputs: ['b'] },
        { id: 'd', op: 'dense', inputs: ['g'], units: 2 },
      ],
      output: 'd',
    };
    expectCleanFailure(['estimate', write('cycle.json', JSON.stringify(cyc))], /cycle/);
    expectCleanFailure(['estimate', write('garbage.onnx', 'this is not a model at all\n')], /ONNX/);
    expectCleanFailure(['estimate', 'examples/plain-cnn.json', '--batch', 'zero'], /--batch/);
    expectCleanFailure(['estimate', 'examples/plain-cnn.json', '--bogus'], /bogus/);
  });
});
