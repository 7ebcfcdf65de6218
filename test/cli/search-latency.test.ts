// End to end: `memnas search --device local --latency-budget …` on a tiny synthetic image folder:
// every candidate and front model carries latencyMs with its source, the plot and the report show
// latency, a resume with another latency budget is refused in one line, and the flags' usage
// errors exit 2 with one line. Runs the CLI in a child process with its own MEMNAS_HOME, so no
// stored calibration is read or refined.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSearchDataset } from './search-fixture.ts';

const root = mkdtempSync(join(tmpdir(), 'memnas-search-latency-'));
const data = join(root, 'data');
makeSearchDataset(data);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const bin = fileURLToPath(new URL('../../bin/memnas.js', import.meta.url));

function memnas(args: readonly string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    timeout: 400_000,
    env: { ...process.env, MEMNAS_HOME: join(root, 'home') },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Latency {
  id: number;
  latencyMs: number | null;
  latencySource: string;
}

describe('memnas search --latency-budget', () => {
  it('refuses a budget without --device and an unparsable one, in one line with exit 2', () => {
    const noDevice = memnas([
      'search',
      '--dataset',
      data,
      '--latency-budget',
      '2ms',
      '--out',
      join(root, 'x'),
    ]);
    expect(noDevice.status).toBe(2);
    expect(noDevice.stderr.trim()).toMatch(/^memnas: --latency-budget needs --device.*\[USAGE\]$/);
    const bad = memnas(['search', '--dataset', data, '--device', 'local', '--latency-budget', 'soon']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--latency-budget takes a duration in milliseconds/);
  });

  it('measures every trained candidate, keeps the winner within the budget and shows latency', () => {
    const out = join(root, 'run');
    const r = memnas([
      'search',
      '--dataset',
      data,
      '--device',
      'local',
      '--memory-budget',
      '20MB',
      '--latency-budget',
      '500ms',
      '--time-budget',
      '40s',
      '--workers',
      '2',
      '--out',
      out,
    ]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/p50 [\d.]+ ms \(measured\)/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      latencyBudgetMs: number;
      latencyBudgetMet: boolean;
      latencyPredictor: string;
      best: Latency;
      pareto: Latency[];
      candidates: (Latency & { status: string })[];
    };
    expect(summary.latencyBudgetMs).toBe(500);
    expect(summary.latencyBudgetMet).toBe(true);
    expect(summary.latencyPredictor).toBe('line');
    for (const m of [summary.best, ...summary.pareto]) {
      expect(m.latencySource).toBe('measured');
      expect(m.latencyMs).toBeGreaterThan(0);
      expect(m.latencyMs).toBeLessThanOrEqual(500);
    }
    for (const c of summary.candidates.filter((x) => x.status === 'trained'))
      expect(c.latencySource).toBe('measured');
    const svg = readFileSync(join(out, 'pareto.svg'), 'utf8');
    expect(svg).toMatch(/batch-1 p50 latency on the device/);
    const report = memnas(['report', out]);
    expect(report.status, report.stderr).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/latency budget/);
    expect(html).toMatch(/ms \(measured\)/);

    const other = memnas(['search', '--resume', '--out', out, '--latency-budget', '3ms']);
    expect(other.status).toBe(2);
    expect(other.stderr.trim()).toMatch(
      /^memnas: .* was searched with --latency-budget 500ms; drop --latency-budget or pass the same value to resume \[USAGE\]$/,
    );
  }, 480_000);
});
