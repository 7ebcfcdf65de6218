// `memnas report` flags, declared once: they drive parsing and `--help`.
import type { CommandSpec } from '../flags.ts';

export const reportSpec = {
  name: 'report',
  summary:
    'a search run as one self-contained HTML page: Pareto front, lineage, measured vs estimated memory',
  operands: '<run DIR>',
  flags: {
    out: { type: 'string', value: 'FILE', default: 'RUN/report.html', help: 'the HTML file to write' },
  },
  example: 'memnas report runs/fm-300k --out fm-300k.html',
} as const satisfies CommandSpec;
