// Which candidates the proxy-fidelity benchmark final-trains: `count` of them spread evenly over
// the range of search-validation (proxy) accuracies, so the rank correlation is measured across
// the whole range rather than among near-ties at the top. Pure.

export interface ProxyItem {
  readonly id: number;
  /** Search-validation accuracy after the short search training. */
  readonly proxy: number;
}

/**
 * `count` distinct items: for targets evenly spaced from the lowest to the highest proxy, the
 * unused item nearest each target (ties: the lower id). All items when there are no more than
 * `count`. Returned by proxy, lowest first (then id).
 */
export function pickSpread<T extends ProxyItem>(items: readonly T[], count: number): T[] {
  const byProxy = [...items].sort((a, b) => a.proxy - b.proxy || a.id - b.id);
  if (byProxy.length <= count) return byProxy;
  if (count <= 0) return [];
  const lo = byProxy[0]!.proxy;
  const hi = byProxy[byProxy.length - 1]!.proxy;
  const free = new Set(byProxy);
  const picked: T[] = [];
  for (let i = 0; i < count; i++) {
    const target = count === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * i) / (count - 1);
    let nearest: T | undefined;
    for (const item of free) {
      const d = Math.abs(item.proxy - target);
      const best = nearest === undefined ? Infinity : Math.abs(nearest.proxy - target);
      if (d < best || (d === best && item.id < nearest!.id)) nearest = item;
    }
    free.delete(nearest!);
    picked.push(nearest!);
  }
  return picked.sort((a, b) => a.proxy - b.proxy || a.id - b.id);
}
