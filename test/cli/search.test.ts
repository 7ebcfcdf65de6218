// End to end: `memnas search` on a tiny synthetic image folder with a short time budget, then a
// run killed with SIGKILL after its first trained candidates and resumed with --resume.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteSearchStore } from '../../store/search-store.ts';
import { makeSearchDataset } from './search-fixture.ts';

const root = mkdtempSync(join(tmpdir(), 'memnas-search-cli-'));
const data = join(root, 'data');
makeSearchDataset(data);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const bin = fileURLToPath(new URL('../../bin/memnas.js', import.meta.url));
const searchModule = fileURLToPath(new URL('../../cli/commands/search.ts', import.meta.url));

/** `node bin/memnas.js search …`; until the command is registered, the same runSearch through tsx. */
function command(args: readonly string[]): string[] {
  const registered =
    spawnSync(process.execPath, [bin, 'search', '--help'], { encoding: 'utf8' }).status === 0;
  if (registered) return [bin, 'search', ...args];
  const call = `import(${JSON.stringify(searchModule)}).then((m) => m.runSearch(${JSON.stringify(args)})).then((c) => { process.exitCode = c; }, (e) => { console.error('memnas: ' + e.message); process.exitCode = 1; })`;
  return ['--import', 'tsx', '-e', call];
}

function run(args: readonly string[]) {
  const r = spawnSync(process.execPath, command(args), { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface ModelSummary {
  architecture: string;
  testAccuracy: number | null;
  validationAccuracy: number;
  paramBytes: number;
  peakActivationBytes: number;
  totalBytes: number;
}

function checkRun(out: string, budget: number) {
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
    candidatesTrained: number;
    rounds: number;
    best: ModelSummary;
    pareto: ModelSummary[];
    deviations: string[];
  };
  expect(summary.candidatesTrained).toBeGreaterThanOrEqual(2);
  expect(summary.rounds).toBeGreaterThanOrEqual(1);
  for (const m of [summary.best, ...summary.pareto]) {
    expect(existsSync(join(out, m.architecture))).toBe(true);
    expect(m.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(m.validationAccuracy).toBeGreaterThanOrEqual(0);
    expect(m.totalBytes).toBe(m.paramBytes + m.peakActivationBytes);
    expect(m.totalBytes).toBeLessThanOrEqual(budget);
  }
  expect(summary.pareto.length).toBeGreaterThanOrEqual(1);
  // The three classes are bright halves: any trained network beats chance (1/3) clearly.
  expect(summary.best.validationAccuracy).toBeGreaterThan(0.5);
  expect(summary.deviations.length).toBeGreaterThan(3);
  const svg = readFileSync(join(out, 'pareto.svg'), 'utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg.match(/class="pareto"/g)?.length).toBe(summary.pareto.length);
  expect((svg.match(/class="(candidate|pareto)"/g) ?? []).length).toBe(summary.candidatesTrained);
  const onnx = readFileSync(join(out, 'best.onnx'));
  expect(onnx.length).toBeGreaterThan(1000);
  expect(readdirSync(join(out, 'candidates')).length).toBeGreaterThanOrEqual(summary.candidatesTrained);
  return summary;
}

describe('memnas search', () => {
  it('searches a tiny dataset within its time budget and writes summary, plot, candidates and ONNX', () => {
    const out = join(root, 'run');
    const t = performance.now();
    const r = run([
      '--dataset',
      data,
      '--memory-budget',
      '200KB',
      '--time-budget',
      '35s',
      '--out',
      out,
      '--workers',
      '2',
    ]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status, r.stderr).toBe(0);
    expect((performance.now() - t) / 1000).toBeLessThan(60);
    const summary = checkRun(out, 200_000) as unknown as {
      best: { latencyMs: unknown; latencySource: unknown };
      candidates: { latencyMs: unknown; latencySource: unknown }[];
      latencyBudgetMs: unknown;
    };
    // No device: every latency is null and marked not measured.
    for (const m of [summary.best, ...summary.candidates])
      expect([m.latencyMs, m.latencySource]).toEqual([null, 'not-measured']);
    expect(summary.latencyBudgetMs).toBeNull();
    expect(r.stdout).toMatch(/best: candidate \d+/);
    // A second start into the same folder must not clobber it.
    const again = run(['--dataset', data, '--out', out]);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/already holds a search: add --resume/);
  }, 120_000);

  it('rejects bad input with one-line errors', () => {
    const missing = run(['--dataset', join(root, 'nope'), '--out', join(root, 'bad1')]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/unknown dataset/);
    expect(existsSync(join(root, 'bad1'))).toBe(false);
    const tiny = run(['--dataset', data, '--memory-budget', '2KB', '--out', join(root, 'bad2')]);
    expect(tiny.status).not.toBe(0);
    expect(tiny.stderr).toMatch(
      /no architecture meets the 2\.0 KB memory budget: the smallest seed network needs [\d.]+ KB/,
    );
    expect(existsSync(join(root, 'bad2', 'search.db'))).toBe(false);
    const device = run(['--dataset', data, '--device', 'board-7', '--out', join(root, 'bad3')]);
    expect(device.stderr).toMatch(/--device board-7 needs a coordinator/);
    const unreachable = run([
      '--dataset',
      data,
      '--device',
      'board-7',
      '--coordinator',
      'http://127.0.0.1:9',
      '--token',
      't',
      '--out',
      join(root, 'bad4'),
    ]);
    expect(unreachable.status).not.toBe(0);
    expect(unreachable.stderr.trim().split('\n').at(-1)).toMatch(/board-7|coordinator|127\.0\.0\.1/);
    const objective = run(['--dataset', data, '--objective', 'fastest', '--out', join(root, 'bad5')]);
    expect(objective.status).toBe(2);
    expect(objective.stderr.trim()).toMatch(
      /^memnas: --objective takes budget or paper, got 'fastest' \[USAGE\]$/,
    );
    const picker = run(['--dataset', data, '--picker', 'best', '--out', join(root, 'bad6')]);
    expect(picker.status).toBe(2);
    expect(picker.stderr.trim()).toMatch(
      /^memnas: --picker takes controller or random, got 'best' \[USAGE\]$/,
    );
  }, 120_000);

  it('refuses in one line to resume a run stored before weight inheritance, and leaves it whole', () => {
    const old = join(root, 'old-run');
    mkdirSync(old, { recursive: true });
    const store = SqliteSearchStore.open(join(old, 'search.db'));
    store.saveRunConfig({ version: 1, dataset: data, memoryBudgetBytes: 200_000 });
    store.close();
    const r = run(['--resume', '--out', old]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /earlier memnas \(run format 1.*start a new search with another --out \[RUN_INCOMPATIBLE\]/,
    );
    const after = SqliteSearchStore.open(join(old, 'search.db'));
    expect(after.runConfig()).toEqual({ version: 1, dataset: data, memoryBudgetBytes: 200_000 });
    after.close();
  });

  it('resumes a SIGKILLed run without losing or retraining any trained candidate', async () => {
    const out = join(root, 'killed');
    const child = spawn(
      process.execPath,
      command([
        '--dataset',
        data,
        '--memory-budget',
        '200KB',
        '--time-budget',
        '40s',
        '--out',
        out,
        '--workers',
        '2',
      ]),
      { stdio: 'ignore' },
    );
    const db = join(out, 'search.db');
    const trainedIds = (): number[] => {
      if (!existsSync(db)) return [];
      const s = SqliteSearchStore.open(db);
      try {
        return s
          .candidates()
          .filter((c) => c.status === 'trained')
          .map((c) => c.id);
      } finally {
        s.close();
      }
    };
    let before: number[] = [];
    for (let i = 0; i < 400 && before.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      before = trainedIds();
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(before.length).toBeGreaterThanOrEqual(2);
    const atKill = SqliteSearchStore.open(db);
    const snapshot = new Map(
      atKill
        .candidates()
        .filter((c) => c.status === 'trained')
        .map((c) => [c.id, c.validationAccuracy]),
    );
    atKill.close();

    const r = run(['--resume', '--out', out, '--time-budget', '35s']);
    expect(r.status, r.stderr).toBe(0);
    const after = SqliteSearchStore.open(db);
    try {
      for (const [id, accuracy] of snapshot) {
        const c = after.candidates().find((x) => x.id === id)!;
        // Still there, with the very result it had: nothing was retrained.
        expect(c.status).toBe('trained');
        expect(c.validationAccuracy).toBe(accuracy);
      }
      expect(after.runState()).toBe('done');
    } finally {
      after.close();
    }
    const summary = checkRun(out, 200_000);
    expect(summary.candidatesTrained).toBeGreaterThanOrEqual(snapshot.size);
  }, 180_000);
});
