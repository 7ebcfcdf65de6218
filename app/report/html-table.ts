// The report's table and number formats: one HTML table helper (numeric cells right-aligned,
// every text escaped) and the KB / percent figures every section prints.
import { escapeHtml as e } from './escape.ts';

export const kb = (b: number): string => `${(b / 1000).toFixed(1)} KB`;
export const pct = (v: number | null | undefined): string =>
  v === null || v === undefined ? '–' : `${(100 * v).toFixed(2)}%`;

/** A table; a head of only empty strings draws no head row. */
export function table(
  head: readonly string[],
  rows: readonly { cells: readonly string[]; cls?: string }[],
): string {
  const th = head.every((h) => h === '')
    ? ''
    : `<thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead>`;
  const body = rows
    .map(
      (r) =>
        `<tr${r.cls ? ` class="${r.cls}"` : ''}>${r.cells.map((c) => (/^[\d.,% KB–-]+$/.test(c) ? `<td class="n">${e(c)}</td>` : `<td>${e(c)}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  return `<table>${th}<tbody>\n${body}\n</tbody></table>`;
}
