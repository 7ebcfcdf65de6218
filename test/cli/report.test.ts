// `memnas report` on a small finished run (run-fixture.ts) whose dataset path holds HTML
// metacharacters and whose device measurements are given: one self-contained page with the
// Pareto front, every lineage edge, measured vs estimated memory, everything escaped.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchFront } from '../../app/search/report.ts';
import { SqliteSearchStore } from '../../store/search-store.ts';
import { runCli } from '../helpers/run-cli.ts';
import { type FixtureRun, makeFixtureRun } from './run-fixture.ts';

const tmp = mkdtempSync(join(tmpdir(), 'memnas-report-'));
const root = join(tmp, 'x<b>&"y\'');
let run: FixtureRun;
beforeAll(async () => {
  mkdirSync(root);
  // Report input standing in for a device's measurements: 1.5× the estimate plus 100 KB.
  run = await makeFixtureRun(root, {
    device: 'pi<5>',
    measured: (c) => Math.round(c.memory.totalBytes * 1.5 + 100_000),
  });
}, 60_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('memnas report', () => {
  it('renders the run as one offline page: front, lineage, measured vs estimated memory', () => {
    const r = runCli(['report', run.dir]);
    expect(r.status, r.stderr).toBe(0);
    const out = join(run.dir, 'report.html');
    expect(r.stdout.trim()).toBe(out);
    const html = readFileSync(out, 'utf8');
    // Self-contained: no scripts, no external resources.
    expect(html).not.toMatch(/<script|<link|src=|@import/i);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//);
    // Escaped: the dataset path and device name appear only as text.
    expect(html).toContain('x&lt;b&gt;&amp;&quot;y&#39;');
    expect(html).not.toContain('x<b>');
    expect(html).toContain('pi&lt;5&gt;');
    expect(html).not.toContain('pi<5>');
    // The Pareto front: every member is a highlighted table row and a plotted front point.
    const store = SqliteSearchStore.open(join(run.dir, 'search.db'));
    const candidates = store.candidates();
    store.close();
    const front = searchFront(candidates);
    expect(front.length).toBeGreaterThanOrEqual(1);
    for (const c of front)
      expect(html).toMatch(new RegExp(`<tr class="(front|best)"><td class="n">${c.id}</td>`));
    expect(html).toMatch(new RegExp(`<tr class="best"><td class="n">${run.bestId}</td>`));
    expect(html.match(/class="pareto"/g)?.length).toBe(front.length);
    // Honest plots: the search panel holds proxy accuracies; a separate panel holds only the
    // final-trained models' test accuracies (pareto.svg as the search wrote it, and the page).
    const summary = JSON.parse(readFileSync(join(run.dir, 'summary.json'), 'utf8')) as {
      best: { id: number; testAccuracy: number | null; finalTrainingSeconds: number };
      pareto: { id: number; testAccuracy: number | null; finalTrainingSeconds: number }[];
    };
    const finalTrained = new Set(
      [summary.best, ...summary.pareto]
        .filter((m) => m.testAccuracy !== null && m.finalTrainingSeconds > 0)
        .map((m) => m.id),
    );
    const kept = new Set([summary.best, ...summary.pareto].map((m) => m.id)).size - finalTrained.size;
    // The fixture keeps every final model's search weights (0 s of final training): none may
    // appear on the final-test axis, and the panel says how many it leaves out.
    expect(finalTrained.size).toBe(0);
    for (const page of [html, readFileSync(join(run.dir, 'pareto.svg'), 'utf8')]) {
      expect(page).toContain('search validation accuracy (%, proxy)');
      expect(page).toContain('final test accuracy (%)');
      expect(page.match(/class="final(-front)?"/g)?.length ?? 0).toBe(finalTrained.size);
      expect(page).toContain(`not shown: ${kept} model${kept === 1 ? '' : 's'} that kept search weights`);
    }
    expect(html).toMatch(/<th>final training<\/th>/);
    expect(html).toContain('<td>none (search weights)</td>');
    expect(html).toContain('<td>final training</td><td>none (search weights)</td>');
    // Lineage: one edge per candidate with a parent, and its grow step named.
    const children = candidates.filter((c) => c.parentId !== null);
    expect(children.length).toBe(2);
    expect(html.match(/<line class="edge"/g)?.length).toBe(children.length);
    for (const c of children) {
      expect(html).toContain(`data-from="${c.parentId}" data-to="${c.id}"`);
      expect(html).toMatch(
        new RegExp(`<td class="n">${c.id}</td><td class="n">1</td><td class="n">${c.parentId}</td><td>grow `),
      );
    }
    // Measured vs estimated: one point per measured candidate, the error shown.
    expect(html).toContain('Measured vs estimated memory (pi&lt;5&gt;)');
    expect(html.match(/<circle class="mem"/g)?.length).toBe(candidates.length);
    const c0 = candidates[0]!;
    const err = (100 * (c0.measuredBytes! - c0.memory.totalBytes)) / c0.memory.totalBytes;
    expect(html).toContain(`${err.toFixed(1)}%`);
    // The best model's summary.
    expect(html).toMatch(/<td>parameters<\/td><td class="n">[\d,]+<\/td>/);
  }, 30_000);

  it('writes --out and refuses a folder that is not a run', () => {
    const file = join(tmp, 'r.html');
    expect(runCli(['report', run.dir, '--out', file]).status).toBe(0);
    expect(existsSync(file)).toBe(true);
    const bad = runCli(['report', tmp]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/is not a search run folder \(no search\.db\)/),
    ]);
    const unwritable = runCli(['report', run.dir, '--out', join(tmp, 'missing', 'r.html')]);
    expect(unwritable.stderr).toMatch(/cannot write .*folder .* does not exist/);
  }, 30_000);
});
