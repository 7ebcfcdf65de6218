// `memnas report`: a search run folder as one self-contained HTML page (cli/report/render.ts),
// read from the run's database and, when the run finished, its summary and best architecture.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArchitecture } from '../../search/architecture/parse.ts';
import { MemnasError } from '../../search/errors.ts';
import { SqliteSearchStore } from '../../store/search-store.ts';
import { parseFlags } from '../args.ts';
import { readSummary } from '../../app/deploy/run-folder.ts';
import { type Deployment, renderReport } from '../../app/report/render.ts';
import { parseRunConfig } from '../../app/search/run-config.ts';
import { writeFileAtomic } from '../../app/write-atomic.ts';
import { USAGE as USAGES } from './usage.ts';

const USAGE = USAGES.report;

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

export async function runReport(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { out: { type: 'string' } }, USAGE);
  if (positionals.length !== 1)
    throw new MemnasError('USAGE', `expected one search run folder (usage: ${USAGE})`);
  const dir = positionals[0]!;
  const db = join(dir, 'search.db');
  if (!existsSync(db))
    throw new MemnasError('FILE_NOT_FOUND', `${dir} is not a search run folder (no search.db)`);
  const store = SqliteSearchStore.open(db);
  let html: string;
  try {
    const finished = existsSync(join(dir, 'summary.json')) && existsSync(join(dir, 'best.json'));
    html = renderReport({
      name: basename(resolve(dir)),
      config: parseRunConfig(store.runConfig(), db),
      state: store.runState(),
      stopReason: store.stopReason(),
      candidates: store.candidates(),
      rounds: store.rounds(),
      summary: finished ? readSummary(dir) : null,
      best: finished ? parseArchitecture(JSON.parse(readFileSync(join(dir, 'best.json'), 'utf8'))) : null,
      deployments: deployments(dir),
    });
  } finally {
    store.close();
  }
  const out = values.out ?? join(dir, 'report.html');
  writeFileAtomic(out, html);
  console.log(out);
  return Promise.resolve(0);
}
