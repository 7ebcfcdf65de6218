// How well the search's short (proxy) training ranks models the way longer final training does:
// Kendall's tau-b between proxy and final accuracy over the models that were final-trained.
import { kendallTau } from '../controller/ranking-quality.ts';

export interface ProxyFidelity {
  /** null when either side is constant. */
  readonly kendallTau: number | null;
  /** Model pairs compared: n·(n − 1)/2. */
  readonly pairs: number;
}

export interface ProxyFinalPair {
  readonly proxyAccuracy: number;
  readonly finalAccuracy: number;
}

/** Null below two models (nothing to rank). */
export function proxyFidelity(models: readonly ProxyFinalPair[]): ProxyFidelity | null {
  if (models.length < 2) return null;
  const proxy = models.map((m) => m.proxyAccuracy);
  const final = models.map((m) => m.finalAccuracy);
  const constant = (xs: readonly number[]): boolean => xs.every((x) => x === xs[0]);
  return {
    kendallTau: constant(proxy) || constant(final) ? null : kendallTau(proxy, final),
    pairs: (models.length * (models.length - 1)) / 2,
  };
}
