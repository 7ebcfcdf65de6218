// The cell widths a width mutation moves between: steps of about a quarter (two channels at the
// small widths), so that one step changes a network's memory by a share of the budget a round can
// afford, and narrowing then widening returns to the same width.

export const WIDTH_LADDER = [2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64] as const;

/** The next width up the ladder from `width`, or null above its top. */
export function widerWidth(width: number): number | null {
  return WIDTH_LADDER.find((w) => w > width) ?? null;
}

/** The next width down the ladder from `width`, or null below its bottom. */
export function narrowerWidth(width: number): number | null {
  return WIDTH_LADDER.findLast((w) => w < width) ?? null;
}
