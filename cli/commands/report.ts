// `memnas report`: parses the flags (declared in cli/specs/report.ts), writes the run's HTML
// page with app/report/write-report.ts, and prints its path.
import { join } from 'node:path';
import { type ReportConfig, writeReport } from '../../app/report/write-report.ts';
import { MemnasError } from '../../search/errors.ts';
import { parseFlags } from '../args.ts';
import { synopsis } from '../flags.ts';
import { reportSpec } from '../specs/report.ts';

export function parseReportConfig(argv: readonly string[]): ReportConfig {
  const { values, positionals } = parseFlags(argv, reportSpec);
  if (positionals.length !== 1)
    throw new MemnasError('USAGE', `expected one search run folder (usage: ${synopsis(reportSpec)})`);
  const dir = positionals[0]!;
  return Object.freeze({ dir, out: values.out ?? join(dir, 'report.html') });
}

export async function runReport(argv: readonly string[]): Promise<number> {
  console.log(writeReport(parseReportConfig(argv)));
  return Promise.resolve(0);
}
