// Measured device memory against the estimate per candidate: a scatter with the y = x line, so
// points above it are candidates the device needed more memory for than estimated.
import { escapeHtml } from './escape.ts';

export interface MemoryPoint {
  readonly id: number;
  readonly estimatedBytes: number;
  readonly measuredBytes: number;
}

const W = 480;
const H = 360;
const M = 56;

export function memorySvg(points: readonly MemoryPoint[], estimateLabel: string): string {
  const max = Math.max(1, ...points.flatMap((p) => [p.estimatedBytes, p.measuredBytes])) * 1.08;
  const x = (b: number): number => M + (b / max) * (W - 2 * M);
  const y = (b: number): number => H - M - (b / max) * (H - 2 * M);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const axis = ticks
    .map(
      (t) =>
        `<text x="${x(t)}" y="${H - M + 16}" text-anchor="middle">${(t / 1000).toFixed(0)}</text><text x="${M - 6}" y="${y(t) + 4}" text-anchor="end">${(t / 1000).toFixed(0)}</text>`,
    )
    .join('');
  const dots = points
    .map(
      (p) =>
        `<circle class="mem" cx="${x(p.estimatedBytes).toFixed(1)}" cy="${y(p.measuredBytes).toFixed(1)}" r="4"><title>${escapeHtml(`candidate ${p.id}: estimated ${p.estimatedBytes} B, measured ${p.measuredBytes} B`)}</title></circle>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="memory" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="measured vs estimated memory">
<line class="axis" x1="${M}" y1="${H - M}" x2="${W - M}" y2="${H - M}"/><line class="axis" x1="${M}" y1="${M}" x2="${M}" y2="${H - M}"/>
<line class="diag" x1="${x(0)}" y1="${y(0)}" x2="${x(max)}" y2="${y(max)}"/>${axis}${dots}
<text x="${W / 2}" y="${H - 14}" text-anchor="middle">${escapeHtml(estimateLabel)} (KB)</text>
<text x="16" y="${H / 2}" transform="rotate(-90 16 ${H / 2})" text-anchor="middle">measured on the device (KB)</text></svg>`;
}
