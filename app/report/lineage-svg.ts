// The lineage tree as a small inline SVG: one column per round, one dot per candidate, an edge
// from each candidate to the parent whose grow or trim made it; the front and the best marked.
import type { CandidateRecord } from '../../search/loop/types.ts';
import { escapeHtml } from './escape.ts';
import { describeMutation } from './describe.ts';

const COL = 90;
const ROW = 16;
const PAD = 30;

export function lineageSvg(
  candidates: readonly CandidateRecord[],
  front: ReadonlySet<number>,
  bestId: number | null,
): string {
  const rounds = [...new Set(candidates.map((c) => c.round))].sort((a, b) => a - b);
  const pos = new Map<number, { x: number; y: number }>();
  let rows = 1;
  for (const [col, round] of rounds.entries()) {
    const inRound = candidates.filter((c) => c.round === round).sort((a, b) => a.id - b.id);
    inRound.forEach((c, i) => pos.set(c.id, { x: PAD + col * COL, y: PAD + i * ROW }));
    rows = Math.max(rows, inRound.length);
  }
  const width = PAD * 2 + Math.max(0, rounds.length - 1) * COL + 40;
  const height = PAD * 2 + (rows - 1) * ROW;
  const edges = candidates.flatMap((c) => {
    const from = c.parentId === null ? undefined : pos.get(c.parentId);
    const to = pos.get(c.id)!;
    return from === undefined
      ? []
      : [
          `<line class="edge" data-from="${c.parentId}" data-to="${c.id}" x1="${from.x}" y1="${from.y}" x2="${to.x}" y2="${to.y}"/>`,
        ];
  });
  const dots = candidates.map((c) => {
    const p = pos.get(c.id)!;
    const cls = c.id === bestId ? 'best' : front.has(c.id) ? 'front' : c.status;
    const acc = c.validationAccuracy === null ? c.status : `${(100 * c.validationAccuracy).toFixed(1)}%`;
    return `<g class="cand ${cls}"><circle cx="${p.x}" cy="${p.y}" r="5"><title>${escapeHtml(`candidate ${c.id} (round ${c.round}): ${describeMutation(c.mutation)}; ${acc}`)}</title></circle><text x="${p.x + 8}" y="${p.y + 4}">${c.id}</text></g>`;
  });
  const labels = rounds.map(
    (r, col) => `<text class="round" x="${PAD + col * COL}" y="14">round ${r}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" class="lineage" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="lineage of the candidates">${labels.join('')}${edges.join('')}${dots.join('')}</svg>`;
}
