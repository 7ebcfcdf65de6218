// The run's plot as a plain, hand-written SVG. The search panel plots every trained candidate by
// total memory and search-validation accuracy (the proxy: a short training), its Pareto front
// joined, the best ringed, the budget dashed. When the final models are given, a second panel
// beside it plots only the models that were final-trained, on a final-test-accuracy axis with its
// own front: proxy and final accuracies are never drawn on one axis or joined by one line. With a
// latency budget a latency panel sits between them: the same candidates by device p50.
import {
  PANEL_HEIGHT,
  PANEL_WIDTH,
  type PanelInput,
  type PanelStyle,
  paretoPanel,
} from '../plot/pareto-panel.ts';
import { paretoFront } from '../../search/pareto.ts';

export interface PlotPoint {
  readonly id: number;
  readonly accuracy: number;
  readonly totalBytes: number;
  /** Batch-1 p50 on the device, milliseconds (measured, else predicted), when it has one. */
  readonly latencyMs?: number;
}

/** A model of the run's final training as summary.json records it (best and pareto[]). */
export interface FinalPlotModel {
  readonly id: number;
  readonly testAccuracy: number | null;
  readonly totalBytes: number;
  /** 0 (or absent): not retrained, it kept its search weights, so its test accuracy is no final one. */
  readonly finalTrainingSeconds?: number;
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
  /** Default 'search validation accuracy (%, proxy)'. */
  readonly yLabel?: string;
  /** summary.json's best and pareto[]: when given, the final-training panel is drawn beside. */
  readonly finals?: readonly FinalPlotModel[];
  /** --latency-budget, ms: when given, a latency panel (the same points by p50) is drawn beside. */
  readonly latencyBudgetMs?: number;
}

const SEARCH_STYLE: PanelStyle = {
  point: { cls: 'candidate', fill: '#9ab', label: 'candidate' },
  front: { cls: 'pareto', fill: '#d33', label: 'Pareto front' },
};
const FINAL_STYLE: PanelStyle = {
  point: { cls: 'final', fill: '#8b6', label: 'final-trained model' },
  front: { cls: 'final-front', fill: '#375', label: 'front of final-trained' },
};

/** The final-trained models with a test accuracy (each id once), as plot points. */
export function finalTrainedPoints(models: readonly FinalPlotModel[]): PlotPoint[] {
  const byId = new Map<number, PlotPoint>();
  for (const m of models)
    if (m.testAccuracy !== null && (m.finalTrainingSeconds ?? 0) > 0)
      byId.set(m.id, { id: m.id, accuracy: m.testAccuracy, totalBytes: m.totalBytes });
  return [...byId.values()];
}

function finalPanel(p: PlotInput, finals: readonly FinalPlotModel[], xMaxBytes: number): PanelInput {
  const points = finalTrainedPoints(finals);
  const kept = new Set(finals.filter((m) => !((m.finalTrainingSeconds ?? 0) > 0)).map((m) => m.id)).size;
  const note =
    kept > 0
      ? `not shown: ${kept} model${kept === 1 ? '' : 's'} that kept search weights (not retrained)`
      : points.length === 0
        ? 'no model has been final-trained yet'
        : undefined;
  return {
    points,
    front: paretoFront(points),
    bestId: p.bestId,
    budgetBytes: p.budgetBytes,
    title: `Final training: ${points.length} model${points.length === 1 ? '' : 's'} retrained`,
    yLabel: 'final test accuracy (%)',
    xMaxBytes,
    style: FINAL_STYLE,
    ...(note === undefined ? {} : { note }),
  };
}

/**
 * The search's candidates by device latency instead of memory (points without a latency left
 * out), the front of the search panel highlighted (over accuracy, memory and latency), the
 * latency budget dashed.
 */
function latencyPanel(p: PlotInput, budgetMs: number): PanelInput {
  const byLatency = (q: PlotPoint): PlotPoint[] =>
    q.latencyMs === undefined ? [] : [{ id: q.id, accuracy: q.accuracy, totalBytes: q.latencyMs }];
  const points = p.points.flatMap(byLatency);
  return {
    points,
    front: p.front.flatMap(byLatency),
    bestId: p.bestId,
    budgetBytes: budgetMs,
    title: `Latency: ${points.length} candidates by batch-1 p50 on the device`,
    yLabel: p.yLabel ?? 'search validation accuracy (%, proxy)',
    xMaxBytes: Math.max(budgetMs, ...points.map((q) => q.totalBytes)),
    style: SEARCH_STYLE,
    xAxis: { label: 'batch-1 p50 latency on the device (ms; measured, else predicted)', tickFactor: 1 },
    ...(points.length === 0 ? { note: 'no candidate has a latency' } : {}),
  };
}

export function paretoSvg(p: PlotInput): string {
  const finals = p.finals ?? null;
  const xMaxBytes = Math.max(
    ...[...p.points, ...(p.references ?? []), ...(finals ?? [])].map((q) => q.totalBytes),
    p.budgetBytes,
  );
  const search: PanelInput = {
    points: p.points,
    front: p.front,
    bestId: p.bestId,
    budgetBytes: p.budgetBytes,
    title: p.title,
    yLabel: p.yLabel ?? 'search validation accuracy (%, proxy)',
    xMaxBytes,
    style: SEARCH_STYLE,
    ...(p.references === undefined ? {} : { references: p.references }),
  };
  const panels = [
    search,
    ...(p.latencyBudgetMs === undefined ? [] : [latencyPanel(p, p.latencyBudgetMs)]),
    ...(finals === null ? [] : [finalPanel(p, finals, xMaxBytes)]),
  ];
  const w = PANEL_WIDTH * panels.length;
  const body = panels.map(
    (panel, i) =>
      `<g class="panel" transform="translate(${i * PANEL_WIDTH} 0)">\n${paretoPanel(panel).join('\n')}\n</g>`,
  );
  return (
    [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${PANEL_HEIGHT}" viewBox="0 0 ${w} ${PANEL_HEIGHT}" font-family="sans-serif" font-size="12">`,
      `<rect width="${w}" height="${PANEL_HEIGHT}" fill="white"/>`,
      ...body,
      '</svg>',
    ].join('\n') + '\n'
  );
}
