// Non-negative least squares (Lawson & Hanson 1974, the active-set method), with row weights.
// Small problems only (tens of columns, hundreds of rows): the passive-set solves go through the
// normal equations, with columns scaled to unit norm first so byte-sized and count-sized features
// are conditioned alike, and a tiny ridge so collinear columns cannot blow up.

function solveSymmetric(a: number[][], b: number[]): number[] {
  // Gaussian elimination with partial pivoting on a small dense system.
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const pivot = m[c]![c]!;
    if (Math.abs(pivot) < 1e-300) continue;
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / pivot;
      if (f !== 0) for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    const pivot = m[r]![r]!;
    x[r] = Math.abs(pivot) < 1e-300 ? 0 : s / pivot;
  }
  return x;
}

/** Least squares on the columns in `set` only (others zero). */
function passiveSolve(ata: number[][], atb: number[], set: readonly number[], ridge: number): number[] {
  const a = set.map((i) => set.map((j) => ata[i]![j]! + (i === j ? ridge : 0)));
  const z = solveSymmetric(
    a,
    set.map((i) => atb[i]!),
  );
  const full = new Array<number>(atb.length).fill(0);
  set.forEach((i, k) => (full[i] = z[k]!));
  return full;
}

/**
 * argmin ‖W(Ax − y)‖² + ridge·‖Sx‖² subject to x ≥ 0, where W = diag(weights) (default all 1)
 * and S scales each column of WA to unit norm (so one ridge fits byte- and count-sized columns).
 * @param rows A, one array per row.
 * @param ridge Default 1e-10: only keeps exactly collinear columns from blowing up.
 */
export function nnls(
  rows: readonly (readonly number[])[],
  y: readonly number[],
  weights?: readonly number[],
  ridge = 1e-10,
): number[] {
  const n = rows[0]?.length ?? 0;
  if (n === 0) return [];
  const w = (r: number): number => weights?.[r] ?? 1;
  const scale = Array.from({ length: n }, (_, j) => {
    const norm = Math.sqrt(rows.reduce((s, row, r) => s + (w(r) * row[j]!) ** 2, 0));
    return norm > 0 ? norm : 1;
  });
  const ata = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const atb = new Array<number>(n).fill(0);
  rows.forEach((row, r) => {
    const wr = w(r) ** 2;
    for (let i = 0; i < n; i++) {
      const ai = row[i]! / scale[i]!;
      atb[i]! += wr * ai * y[r]!;
      for (let j = 0; j < n; j++) ata[i]![j]! += wr * ai * (row[j]! / scale[j]!);
    }
  });
  const x = new Array<number>(n).fill(0);
  const passive = new Set<number>();
  const gradient = (): number[] =>
    atb.map((b, i) => b - ata[i]!.reduce((s, v, j) => s + v * x[j]!, 0) - ridge * x[i]!);
  for (let outer = 0; outer < 3 * n + 10; outer++) {
    const g = gradient();
    let best = -1;
    for (let i = 0; i < n; i++)
      if (!passive.has(i) && g[i]! > 1e-12 && (best < 0 || g[i]! > g[best]!)) best = i;
    if (best < 0) break;
    passive.add(best);
    for (let inner = 0; inner < 3 * n + 10; inner++) {
      const set = [...passive].sort((a, b) => a - b);
      const z = passiveSolve(ata, atb, set, ridge);
      if (set.every((i) => z[i]! > 0)) {
        set.forEach((i) => (x[i] = z[i]!));
        break;
      }
      // Step back toward x until the first passive coefficient reaches zero, and drop it.
      let alpha = 1;
      for (const i of set) if (z[i]! <= 0) alpha = Math.min(alpha, x[i]! / (x[i]! - z[i]!));
      for (const i of set) {
        x[i] = x[i]! + alpha * (z[i]! - x[i]!);
        if (x[i]! <= 1e-15) {
          x[i] = 0;
          passive.delete(i);
        }
      }
    }
  }
  return x.map((v, i) => v / scale[i]!);
}
