// The run's plot as a plain, hand-written SVG: every trained candidate by total memory and
// accuracy, the Pareto front highlighted and joined, the best ringed, the memory budget dashed.

export interface PlotPoint {
  readonly id: number;
  readonly accuracy: number;
  readonly totalBytes: number;
}

export interface PlotInput {
  readonly points: readonly PlotPoint[];
  readonly front: readonly PlotPoint[];
  readonly bestId: number;
  readonly budgetBytes: number;
  readonly title: string;
  /** Other models to compare with (e.g. a hand-designed network), drawn as labelled squares. */
  readonly references?: readonly {
    readonly label: string;
    readonly accuracy: number;
    readonly totalBytes: number;
  }[];
  /** Default 'validation accuracy (%)'. */
  readonly yLabel?: string;
}

const W = 640;
const H = 420;
const M = { left: 64, right: 20, top: 36, bottom: 48 };

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function paretoSvg(p: PlotInput): string {
  const refs = p.references ?? [];
  const xs = [...p.points.map((q) => q.totalBytes), ...refs.map((r) => r.totalBytes), p.budgetBytes];
  const ys = [...p.points.map((q) => q.accuracy), ...refs.map((r) => r.accuracy)];
  const xMin = 0;
  const xMax = Math.max(...xs) * 1.05;
  const yMin = Math.max(0, Math.min(...ys, 1) - 0.05);
  const yMax = Math.min(1, Math.max(...ys, 0) + 0.03);
  const x = (b: number): number => M.left + ((b - xMin) / (xMax - xMin || 1)) * (W - M.left - M.right);
  const y = (a: number): number => H - M.bottom - ((a - yMin) / (yMax - yMin || 1)) * (H - M.top - M.bottom);
  const f = (n: number): string => n.toFixed(1);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(p.title)}</text>`,
    `<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="black"/>`,
    `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${H - M.bottom}" stroke="black"/>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const bx = xMin + ((xMax - xMin) * i) / 5;
    const ay = yMin + ((yMax - yMin) * i) / 5;
    out.push(
      `<text x="${f(x(bx))}" y="${H - M.bottom + 16}" text-anchor="middle">${(bx / 1000).toFixed(0)}</text>`,
    );
    out.push(`<text x="${M.left - 6}" y="${f(y(ay) + 4)}" text-anchor="end">${(100 * ay).toFixed(1)}</text>`);
  }
  out.push(
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 10}" text-anchor="middle">total memory (KB, parameters + peak activations)</text>`,
  );
  out.push(
    `<text transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(p.yLabel ?? 'validation accuracy (%)')}</text>`,
  );
  out.push(
    `<line x1="${f(x(p.budgetBytes))}" y1="${M.top}" x2="${f(x(p.budgetBytes))}" y2="${H - M.bottom}" stroke="#888" stroke-dasharray="5 4"/>`,
  );
  out.push(
    `<text x="${f(x(p.budgetBytes) - 4)}" y="${M.top + 12}" text-anchor="end" fill="#666">budget</text>`,
  );
  const onFront = new Set(p.front.map((q) => q.id));
  for (const q of p.points.filter((q) => !onFront.has(q.id))) {
    out.push(
      `<circle class="candidate" cx="${f(x(q.totalBytes))}" cy="${f(y(q.accuracy))}" r="3.5" fill="#9ab" fill-opacity="0.8"><title>candidate ${q.id}</title></circle>`,
    );
  }
  const front = [...p.front].sort((a, b) => a.totalBytes - b.totalBytes);
  if (front.length > 1)
    out.push(
      `<polyline fill="none" stroke="#d33" stroke-width="1.5" points="${front.map((q) => `${f(x(q.totalBytes))},${f(y(q.accuracy))}`).join(' ')}"/>`,
    );
  for (const q of front) {
    out.push(
      `<circle class="pareto" cx="${f(x(q.totalBytes))}" cy="${f(y(q.accuracy))}" r="5" fill="#d33"><title>candidate ${q.id} (Pareto)</title></circle>`,
    );
  }
  const best = p.points.find((q) => q.id === p.bestId);
  if (best !== undefined) {
    out.push(
      `<circle class="best" cx="${f(x(best.totalBytes))}" cy="${f(y(best.accuracy))}" r="9" fill="none" stroke="black" stroke-width="1.5"/>`,
    );
    out.push(`<text x="${f(x(best.totalBytes) + 12)}" y="${f(y(best.accuracy) - 8)}">best</text>`);
  }
  for (const r of refs) {
    out.push(
      `<rect class="reference" x="${f(x(r.totalBytes) - 5)}" y="${f(y(r.accuracy) - 5)}" width="10" height="10" fill="#36c"><title>${esc(r.label)}</title></rect>`,
    );
    out.push(
      `<text x="${f(x(r.totalBytes) - 8)}" y="${f(y(r.accuracy) - 9)}" text-anchor="end">${esc(r.label)}</text>`,
    );
  }
  out.push(
    `<g transform="translate(${W - M.right - 150} ${H - M.bottom - 46})"><circle cx="6" cy="6" r="3.5" fill="#9ab"/><text x="16" y="10">candidate</text><circle cx="6" cy="24" r="5" fill="#d33"/><text x="16" y="28">Pareto front</text></g>`,
  );
  out.push('</svg>');
  return out.join('\n') + '\n';
}
