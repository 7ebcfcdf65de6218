// The agent as a device runs it: compiled to profiler-agent/dist with its own tsconfig, then
// `node dist/cli.js profile model.onnx --json` with no tsx and no top-level source in sight.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseProfileResult } from '../../profiler-agent/protocol.ts';
import { CORRUPT_MODEL, wideActivationModel } from './fixtures.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(REPO, 'profiler-agent/dist/cli.js');
const work = mkdtempSync(join(tmpdir(), 'memnas-agent-dist-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

function agent(args: string[]): { status: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [CLI, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { status: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('the built agent (dist/)', () => {
  it('builds with tsc and profiles a model from dist/cli.js', () => {
    execFileSync(
      process.execPath,
      [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', join(REPO, 'profiler-agent/tsconfig.json')],
      { stdio: 'pipe' },
    );
    const model = join(work, 'wide.onnx');
    writeFileSync(model, wideActivationModel());
    const run = agent(['profile', model, '--json', '--batches', '1,4', '--runs', '5', '--warmup', '1']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = parseProfileResult(JSON.parse(run.stdout));
    expect(result.batches.map((b) => b.batch)).toEqual([1, 4]);
    expect(result.memory.perSampleBytes!).toBeGreaterThan(0);
  });

  it('reports a corrupt model and a usage error on one line with the right exit code', () => {
    const bad = join(work, 'corrupt.onnx');
    writeFileSync(bad, CORRUPT_MODEL);
    const corrupt = agent(['profile', bad, '--batches', '1']);
    expect(corrupt.status).toBe(1);
    expect(corrupt.stderr.trim()).toMatch(/^memnas-agent: not an ONNX model: .* \[MODEL_INVALID\]$/);
    const usage = agent(['profile', bad, '--batches', '1,x']);
    expect(usage.status).toBe(2);
    expect(usage.stderr.trim()).toBe(
      "memnas-agent: --batches takes positive whole numbers separated by commas, like 1,8,32; got '1,x' [USAGE]",
    );
  });
});
