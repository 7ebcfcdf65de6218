// One panel of a memory–accuracy (or latency–accuracy) plot as hand-written SVG elements in a 640×420 box: points by
// total memory and one kind of accuracy, their Pareto front joined, the best ringed, the memory
// budget dashed, axes on readable 1/2/5 ticks. A panel holds one kind of accuracy only, so a
// line never joins a proxy accuracy to a final one.
import { escapeHtml as esc } from '../report/escape.ts';
import { formatTick, niceTicks, type Ticks } from './ticks.ts';

export interface PanelPoint {
  readonly id: number;
  readonly accuracy: number;
  readonly totalBytes: number;
}

/** How a panel's points are drawn and named: CSS class, fill and legend text. */
export interface PanelStyle {
  readonly point: { readonly cls: string; readonly fill: string; readonly label: string };
  readonly front: { readonly cls: string; readonly fill: string; readonly label: string };
}

export interface PanelInput {
  readonly points: readonly PanelPoint[];
  /** Drawn highlighted and joined, smallest memory first; should be a subset of `points`. */
  readonly front: readonly PanelPoint[];
  readonly bestId: number;
  readonly budgetBytes: number;
  readonly title: string;
  readonly yLabel: string;
  /** The memory axis covers 0 … this (and the budget); panels side by side pass the same. */
  readonly xMaxBytes: number;
  readonly style: PanelStyle;
  /** A line under the title, e.g. what the panel leaves out. */
  readonly note?: string;
  /** Other models to compare with (e.g. a hand-designed network), drawn as labelled squares. */
  readonly references?: readonly {
    readonly label: string;
    readonly accuracy: number;
    readonly totalBytes: number;
  }[];
  /**
   * Another quantity on the x axis (e.g. latency: `totalBytes` then holds milliseconds and
   * `budgetBytes` the latency budget): its label and the factor its ticks are printed at.
   */
  readonly xAxis?: { readonly label: string; readonly tickFactor: number };
}

export const PANEL_WIDTH = 640;
export const PANEL_HEIGHT = 420;
const W = PANEL_WIDTH;
const H = PANEL_HEIGHT;
const M = { left: 64, right: 20, top: 48, bottom: 48 };

const f = (n: number): string => n.toFixed(1);

interface Scale {
  readonly xt: Ticks;
  readonly yt: Ticks;
  readonly x: (bytes: number) => number;
  readonly y: (accuracy: number) => number;
}

function scale(p: PanelInput): Scale {
  const ys = [...p.points, ...(p.references ?? [])].map((q) => q.accuracy);
  const lo = ys.length === 0 ? 0 : Math.max(0, Math.min(...ys) - 0.02);
  const hi = ys.length === 0 ? 1 : Math.min(1, Math.max(...ys) + 0.02);
  const yt = niceTicks(lo, hi, 7);
  const xt = niceTicks(0, Math.max(p.xMaxBytes, p.budgetBytes, 1) * 1.04, 7);
  return {
    xt,
    yt,
    x: (b) => M.left + ((b - xt.min) / (xt.max - xt.min)) * (W - M.left - M.right),
    y: (a) => H - M.bottom - ((a - yt.min) / (yt.max - yt.min)) * (H - M.top - M.bottom),
  };
}

function axes(p: PanelInput, s: Scale): string[] {
  const out = [
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(p.title)}</text>`,
    ...(p.note === undefined
      ? []
      : [`<text x="${W / 2}" y="36" text-anchor="middle" fill="#666">${esc(p.note)}</text>`]),
    `<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="black"/>`,
    `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${H - M.bottom}" stroke="black"/>`,
  ];
  for (const v of s.xt.values)
    out.push(
      `<text class="xtick" x="${f(s.x(v))}" y="${H - M.bottom + 16}" text-anchor="middle">${formatTick(v, s.xt.step, p.xAxis?.tickFactor ?? 1e-3)}</text>`,
    );
  for (const v of s.yt.values)
    out.push(
      `<text class="ytick" x="${M.left - 6}" y="${f(s.y(v) + 4)}" text-anchor="end">${formatTick(v, s.yt.step, 100)}</text>`,
    );
  const bx = f(s.x(p.budgetBytes));
  out.push(
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 10}" text-anchor="middle">${esc(p.xAxis?.label ?? 'total memory (KB, parameters + peak activations)')}</text>`,
    `<text transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(p.yLabel)}</text>`,
    `<line x1="${bx}" y1="${M.top}" x2="${bx}" y2="${H - M.bottom}" stroke="#888" stroke-dasharray="5 4"/>`,
    `<text x="${f(s.x(p.budgetBytes) - 4)}" y="${M.top + 12}" text-anchor="end" fill="#666">budget</text>`,
  );
  return out;
}

function marks(p: PanelInput, s: Scale): string[] {
  const { point, front: fs } = p.style;
  const at = (q: { accuracy: number; totalBytes: number }): string =>
    `cx="${f(s.x(q.totalBytes))}" cy="${f(s.y(q.accuracy))}"`;
  const onFront = new Set(p.front.map((q) => q.id));
  const out = p.points
    .filter((q) => !onFront.has(q.id))
    .map(
      (q) =>
        `<circle class="${point.cls}" ${at(q)} r="3.5" fill="${point.fill}" fill-opacity="0.8"><title>${esc(`${point.label} ${q.id}`)}</title></circle>`,
    );
  const front = [...p.front].sort((a, b) => a.totalBytes - b.totalBytes);
  if (front.length > 1)
    out.push(
      `<polyline fill="none" stroke="${fs.fill}" stroke-width="1.5" points="${front.map((q) => `${f(s.x(q.totalBytes))},${f(s.y(q.accuracy))}`).join(' ')}"/>`,
    );
  for (const q of front)
    out.push(
      `<circle class="${fs.cls}" ${at(q)} r="5" fill="${fs.fill}"><title>${esc(`${point.label} ${q.id} (${fs.label})`)}</title></circle>`,
    );
  const best = p.points.find((q) => q.id === p.bestId);
  if (best !== undefined)
    out.push(
      `<circle class="best" ${at(best)} r="9" fill="none" stroke="black" stroke-width="1.5"/>`,
      `<text x="${f(s.x(best.totalBytes) + 12)}" y="${f(s.y(best.accuracy) - 8)}">best</text>`,
    );
  for (const r of p.references ?? [])
    out.push(
      `<rect class="reference" x="${f(s.x(r.totalBytes) - 5)}" y="${f(s.y(r.accuracy) - 5)}" width="10" height="10" fill="#36c"><title>${esc(r.label)}</title></rect>`,
      `<text x="${f(s.x(r.totalBytes) - 8)}" y="${f(s.y(r.accuracy) - 9)}" text-anchor="end">${esc(r.label)}</text>`,
    );
  return out;
}

function legend(p: PanelInput): string {
  const { point, front } = p.style;
  return `<g transform="translate(${W - M.right - 190} ${H - M.bottom - 46})"><circle cx="6" cy="6" r="3.5" fill="${point.fill}"/><text x="16" y="10">${esc(point.label)}</text><circle cx="6" cy="24" r="5" fill="${front.fill}"/><text x="16" y="28">${esc(front.label)}</text></g>`;
}

/** The panel's SVG elements, in its own 640×420 coordinates (wrap in a translated <g> to place it). */
export function paretoPanel(p: PanelInput): string[] {
  const s = scale(p);
  return [...axes(p, s), ...marks(p, s), legend(p)];
}
