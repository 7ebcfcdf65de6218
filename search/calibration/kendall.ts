// Kendall's rank correlation between predictions and measurements: what a search that ranks
// candidates by predicted latency needs (a predictor can be off by a constant factor and still
// order them right, or be within ±10% on average and swap close ones).

/**
 * Kendall's tau-b of two equally long series: (concordant − discordant) pairs over the pairs
 * untied in each series; 0 when fewer than two values or either series is constant.
 */
export function kendallTau(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let concordant = 0;
  let discordant = 0;
  let tiedA = 0;
  let tiedB = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const da = Math.sign(a[j]! - a[i]!);
      const db = Math.sign(b[j]! - b[i]!);
      if (da === 0 && db === 0) continue;
      if (da === 0) tiedA++;
      else if (db === 0) tiedB++;
      else if (da === db) concordant++;
      else discordant++;
    }
  }
  const pairsA = concordant + discordant + tiedB;
  const pairsB = concordant + discordant + tiedA;
  if (pairsA === 0 || pairsB === 0) return 0;
  return (concordant - discordant) / Math.sqrt(pairsA * pairsB);
}
