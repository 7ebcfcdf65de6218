// Splits the unit DAG at forced cuts: positions k of its topological order such that every unit
// before k is an ancestor of every unit after it, so every order runs the prefix first and the
// live set at the cut is the same for all orders. The peak is then the max of independent
// per-segment peaks, which keeps long CNN chains exact. Criterion (for a down-set P): every
// minimal unit of the rest reads from every maximal unit of P — checked in one sweep.
import type { Units } from './order-units.ts';

/** Start positions of the segments (always begins with 0 when there are units). */
export function forcedCuts(units: Units, maxPairs = 64): number[] {
  const count = units.units.length;
  if (count === 0) return [];
  const maxSucc = Int32Array.from(units.unitSuccs, (s) => (s.length > 0 ? (s[s.length - 1] ?? -1) : -1));
  const maxPred = Int32Array.from(units.unitPreds, (p) => (p.length > 0 ? (p[p.length - 1] ?? -1) : -1));
  const predSets = units.unitPreds.map((p) => new Set(p));
  const sinks = new Set<number>();
  const minimal = new Set<number>();
  maxPred.forEach((m, u) => {
    if (m < 0) minimal.add(u);
  });
  const starts = [0];
  for (let k = 0; k < count - 1; k++) {
    // Move unit k from the rest into the prefix.
    sinks.add(k);
    for (const p of units.unitPreds[k] ?? []) if (maxSucc[p] === k) sinks.delete(p);
    minimal.delete(k);
    for (const s of units.unitSuccs[k] ?? []) if (maxPred[s] === k) minimal.add(s);
    if (sinks.size * minimal.size > maxPairs) continue;
    let forced = true;
    for (const q of minimal) {
      for (const s of sinks) if (!predSets[q]?.has(s)) forced = false;
    }
    if (forced) starts.push(k + 1);
  }
  return starts;
}
