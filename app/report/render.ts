// The run report: one self-contained HTML page (inline CSS and SVG, no scripts, nothing fetched),
// so it opens offline and can be mailed. Every text from the run is escaped.
import type { Architecture } from '../../search/architecture/types.ts';
import { parameterCount } from '../../search/architecture/shapes.ts';
import type { CandidateRecord, RoundRecord } from '../../search/loop/types.ts';
import type { RunConfig } from '../search/run-config.ts';
import { searchFront } from '../search/report.ts';
import type { RunSummary } from '../deploy/run-folder.ts';
import { dashboardParagraph } from './dashboard-link.ts';
import { describeMutation } from './describe.ts';
import { finalCell, frontSection, latencyCell } from './front-section.ts';
import { DEFAULTS } from '../search/config.ts';
import { kb, pct, table } from './html-table.ts';
import { escapeHtml as e } from './escape.ts';
import { lineageSvg } from './lineage-svg.ts';
import { memorySvg } from './memory-svg.ts';

export interface ReportData {
  readonly name: string;
  readonly config: RunConfig;
  readonly state: string | null;
  readonly stopReason: string | null;
  readonly candidates: readonly CandidateRecord[];
  readonly rounds: readonly RoundRecord[];
  /** summary.json, when the run finished. */
  readonly summary: RunSummary | null;
  /** The best model's architecture, when the run finished. */
  readonly best: Architecture | null;
  /** `memnas deploy` results found in the run folder (deploy.json in each deploy-DEVICE folder). */
  readonly deployments: readonly Deployment[];
}

export interface Deployment {
  /** The bundle folder, relative to the run folder. */
  readonly folder: string;
  readonly onDeviceAccuracy: number;
  readonly hostAccuracy: number;
  readonly peakMemoryBytes: number;
  readonly latencyMs: number;
  readonly testImages: number;
  readonly disagreements: number;
  readonly device: {
    readonly name: string;
    readonly cpuModel: string;
    readonly runtime: { readonly name: string; readonly version: string };
    /** An emulated device (qemu): its latency is the emulator's and is marked so. */
    readonly emulated?: boolean;
  };
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}tr.front td{background:#fff1f0}tr.best td{background:#ffe0dc;font-weight:600}
svg{max-width:100%;height:auto;font:11px system-ui,sans-serif}.scroll{overflow-x:auto}
svg.lineage .edge{stroke:#999;stroke-width:1}svg.lineage circle{fill:#8aa}svg.lineage .front circle{fill:#d33}
svg.lineage .best circle{fill:#d33;stroke:#000;stroke-width:2}svg.lineage .failed circle{fill:#fff;stroke:#999}
svg.lineage .pending circle{fill:#fff;stroke:#8aa}svg.lineage .round{fill:#555}
svg.memory .axis{stroke:#333}svg.memory .diag{stroke:#aaa;stroke-dasharray:4 3}svg.memory .mem{fill:#36c}`;

function summarySection(d: ReportData): string {
  const c = d.config;
  const trained = d.candidates.filter((x) => x.status === 'trained').length;
  const rows: [string, string][] = [
    ['dataset', c.dataset],
    ['memory budget', kb(c.memoryBudgetBytes)],
    [
      'latency budget',
      c.latencyBudgetMs === undefined
        ? 'none'
        : `${c.latencyBudgetMs} ms batch-1 p50 on the device, weight ${c.latencyWeight ?? DEFAULTS.latencyWeight}${d.summary?.latencyBudgetMet === false ? ' — not met by any candidate (the fastest is kept)' : ''}`,
    ],
    ['λ', String(c.lambda)],
    ['device', c.device ?? 'none (analytic memory)'],
    ['candidates trained', `${trained} of ${d.candidates.length}`],
    ['rounds', String(d.rounds.filter((r) => r.done).length)],
    ['state', `${d.state ?? 'unknown'}${d.stopReason === null ? '' : ` (stopped: ${d.stopReason})`}`],
  ];
  if (d.summary !== null && typeof d.summary.seconds === 'number')
    rows.push(['wall-clock', `${d.summary.seconds} s`]);
  return `<h2>Run</h2>${table(
    ['', ''],
    rows.map((r) => ({ cells: r })),
  )}`;
}

function bestSection(d: ReportData): string {
  if (d.summary === null || d.best === null)
    return '<h2>Best model</h2><p>The run has not finished its final training: no best model yet.</p>';
  const b = d.summary.best;
  const a = d.best;
  const ops = new Map<string, number>();
  for (const n of a.nodes) ops.set(n.op, (ops.get(n.op) ?? 0) + 1);
  const rows: [string, string][] = [
    ['candidate', String(b.id)],
    ['test accuracy', pct(b.testAccuracy)],
    ['final training', finalCell(b)],
    ['validation accuracy', pct(b.validationAccuracy)],
    [
      'memory (analytic)',
      `${kb(b.paramBytes)} parameters + ${kb(b.peakActivationBytes)} peak activations = ${kb(b.totalBytes)}`,
    ],
    ...(b.measured === undefined
      ? []
      : ([['measured on ' + b.measured.device, kb(b.measured.peakMemoryBytes)]] as [string, string][])),
    ['latency (batch-1 p50)', bestLatency(d.summary.best)],
    ['input', `${a.input.shape.join('×')} → ${a.classes} classes`],
    ['parameters', parameterCount(a).toLocaleString('en')],
    ['nodes', `${a.nodes.length}: ${[...ops].map(([op, n]) => `${op} ×${n}`).join(', ')}`],
    ['cells per block', String(b.cellsPerBlock ?? '–')],
    ['lineage', (b.lineage ?? []).join(' → ')],
  ];
  return `<h2>Best model</h2>${table(
    ['', ''],
    rows.map((r) => ({ cells: r })),
  )}`;
}

/** summary.json's latency of a model; runs from before latency have none. */
function bestLatency(m: object): string {
  const { latencyMs: ms, latencySource } = m as { latencyMs?: unknown; latencySource?: unknown };
  return typeof ms === 'number' ? `${ms.toFixed(3)} ms (${String(latencySource)})` : 'not measured';
}

function lineageSection(d: ReportData, front: ReadonlySet<number>, bestId: number | null): string {
  const rows = d.candidates.map((c) => ({
    cls: c.id === bestId ? 'best' : front.has(c.id) ? 'front' : '',
    cells: [
      String(c.id),
      String(c.round),
      c.parentId === null ? '–' : String(c.parentId),
      describeMutation(c.mutation),
      c.status,
      pct(c.validationAccuracy),
      kb(c.memory.totalBytes),
      latencyCell(c),
    ],
  }));
  return `<h2>Lineage</h2><p>Each candidate was made from its parent by one grow or trim step (seeds have no parent). Red: Pareto front; ringed: best.</p>
<div class="scroll">${lineageSvg(d.candidates, front, bestId)}</div>
${table(['candidate', 'round', 'parent', 'made by', 'status', 'search validation', 'estimated total', 'latency p50'], rows)}`;
}

function memorySection(d: ReportData): string {
  const measured = d.candidates.filter((c) => c.measuredBytes !== null);
  if (d.config.device === null || measured.length === 0)
    return `<h2>Measured vs estimated memory</h2><p>${d.config.device === null ? 'The search ran without a device, so no candidate was measured.' : 'No candidate has been measured yet.'}</p>`;
  const estimate = (c: CandidateRecord) => c.memory.totalBytes;
  const label = measured.some((c) => c.memory.source === 'device')
    ? 'estimated (device prediction)'
    : 'estimated (analytic)';
  const rows = measured.map((c) => {
    const err = (c.measuredBytes! - estimate(c)) / estimate(c);
    return {
      cells: [
        String(c.id),
        kb(estimate(c)),
        c.memory.source,
        kb(c.measuredBytes!),
        `${(100 * err).toFixed(1)}%`,
      ],
    };
  });
  const svg = memorySvg(
    measured.map((c) => ({ id: c.id, estimatedBytes: estimate(c), measuredBytes: c.measuredBytes! })),
    label,
  );
  return `<h2>Measured vs estimated memory (${e(d.config.device)})</h2><div class="scroll">${svg}</div>${table(['candidate', 'estimated', 'estimate from', 'measured', 'measured − estimated'], rows)}`;
}

function deploySection(d: ReportData): string {
  if (d.deployments.length === 0) return '';
  const rows = d.deployments.map((x) => ({
    cells: [
      `${x.device.name} (${x.device.cpuModel}, ${x.device.runtime.name} ${x.device.runtime.version})`,
      String(x.testImages),
      pct(x.onDeviceAccuracy),
      pct(x.hostAccuracy),
      String(x.disagreements),
      kb(x.peakMemoryBytes),
      `${x.latencyMs.toFixed(3)} ms${x.device.emulated === true ? ' (emulated)' : ''}`,
      x.folder,
    ],
  }));
  return `<h2>Deployments of the best model</h2>${table(['device', 'test images', 'on-device accuracy', 'host accuracy', 'differing images', 'peak memory (batch 1)', 'latency p50', 'bundle'], rows)}`;
}

export function renderReport(d: ReportData): string {
  const timed = d.config.latencyBudgetMs !== undefined;
  const front = searchFront(d.candidates, timed);
  const frontIds = new Set(front.map((c) => c.id));
  const bestId = d.summary?.best.id ?? null;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>memnas report: ${e(d.name)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>memnas search report: ${e(d.name)}</h1>
${summarySection(d)}${dashboardParagraph(d.config)}
${bestSection(d)}
${frontSection({ candidates: d.candidates, memoryBudgetBytes: d.config.memoryBudgetBytes, summary: d.summary, ...(timed ? { latencyBudgetMs: d.config.latencyBudgetMs! } : {}) }, front, bestId)}
${lineageSection(d, frontIds, bestId)}
${memorySection(d)}
${deploySection(d)}
<p><small>Generated by memnas report on ${e(new Date().toISOString())}.</small></p>
</body>
</html>
`;
}
