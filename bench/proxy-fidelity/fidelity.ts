// How faithfully the search's proxy (validation accuracy after the short search training) ranks
// candidates against their accuracy after a full, identical final training: Kendall's tau-b over
// the pairs, against issue 22's target of 0.6. Pure.
import { table } from '../../cli/format.ts';
import { proxyFidelity } from '../../search/loop/proxy-fidelity.ts';

/** Issue 22's target for Kendall's tau between proxy and final test accuracy. */
export const TAU_TARGET = 0.6;

export interface FidelityPair {
  readonly id: number;
  /** Search-validation accuracy. */
  readonly proxy: number;
  /** Test accuracy after the final training. */
  readonly testAccuracy: number;
}

/** Shaped like summary.json's proxyFidelity, plus the model count and the verdict. */
export interface Fidelity {
  /** Kendall's tau-b; null when either list is constant or there are fewer than two models. */
  readonly kendallTau: number | null;
  /** Model pairs compared: n·(n − 1)/2. */
  readonly pairs: number;
  readonly models: number;
  readonly target: number;
  readonly pass: boolean;
}

export function fidelity(pairs: readonly FidelityPair[]): Fidelity {
  const f = proxyFidelity(pairs.map((p) => ({ proxyAccuracy: p.proxy, finalAccuracy: p.testAccuracy })));
  const tau = f?.kendallTau ?? null;
  return {
    kendallTau: tau,
    pairs: f?.pairs ?? 0,
    models: pairs.length,
    target: TAU_TARGET,
    pass: tau !== null && tau >= TAU_TARGET,
  };
}

const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;

/** The pairs by proxy accuracy, then the tau and PASS / FAIL against the target. */
export function fidelityText(pairs: readonly FidelityPair[], f: Fidelity): string {
  const rows = [
    ['candidate', 'search validation (proxy)', 'final test'],
    ...[...pairs]
      .sort((a, b) => a.proxy - b.proxy)
      .map((p) => [String(p.id), pct(p.proxy), pct(p.testAccuracy)]),
  ];
  const tau = f.kendallTau === null ? 'undefined (a constant list)' : f.kendallTau.toFixed(3);
  return `${table(rows)}\nKendall tau ${tau} over ${f.models} models (${f.pairs} pair${f.pairs === 1 ? '' : 's'}); target ≥ ${f.target}: ${f.pass ? 'PASS' : 'FAIL'}`;
}
