// A search run folder as one self-contained HTML page, from a frozen config: read the run's
// database and, when the run finished, its summary and best architecture, plus the deploy
// bundles left in it; render (render.ts) and write. cli/commands/report.ts parses and prints.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArchitecture } from '../../search/architecture/parse.ts';
import { MemnasError } from '../../search/errors.ts';
import { SqliteSearchStore } from '../../store/search-store.ts';
import { readSummary } from '../deploy/run-folder.ts';
import { parseRunConfig } from '../search/run-config.ts';
import { writeFileAtomic } from '../write-atomic.ts';
import { type Deployment, renderReport } from './render.ts';

export interface ReportConfig {
  /** The search run folder. */
  readonly dir: string;
  /** The HTML file to write. */
  readonly out: string;
}

/** The deploy.json files `memnas deploy` left in deploy-DEVICE folders in the run folder; unreadable ones are skipped. */
function deployments(dir: string): Deployment[] {
  const out: Deployment[] = [];
  for (const folder of readdirSync(dir)
    .filter((f) => f.startsWith('deploy-'))
    .sort()) {
    try {
      const d = JSON.parse(readFileSync(join(dir, folder, 'deploy.json'), 'utf8')) as Deployment;
      if (typeof d.onDeviceAccuracy === 'number' && typeof d.device?.name === 'string')
        out.push({ ...d, folder });
    } catch {
      // not a bundle memnas wrote (or one from before deploy.json): nothing to show
    }
  }
  return out;
}

/** Writes the report; resolves to its path. */
export function writeReport(c: ReportConfig): string {
  const { dir } = c;
  const db = join(dir, 'search.db');
  if (!existsSync(db))
    throw new MemnasError('FILE_NOT_FOUND', `${dir} is not a search run folder (no search.db)`);
  const run = SqliteSearchStore.open(db);
  let html: string;
  try {
    const finished = existsSync(join(dir, 'summary.json')) && existsSync(join(dir, 'best.json'));
    html = renderReport({
      name: basename(resolve(dir)),
      config: parseRunConfig(run.runConfig(), db),
      state: run.runState(),
      stopReason: run.stopReason(),
      candidates: run.candidates(),
      rounds: run.rounds(),
      summary: finished ? readSummary(dir) : null,
      best: finished ? parseArchitecture(JSON.parse(readFileSync(join(dir, 'best.json'), 'utf8'))) : null,
      deployments: deployments(dir),
    });
  } finally {
    run.close();
  }
  writeFileAtomic(c.out, html);
  return c.out;
}
