// The `memnas search` arguments a benchmark's run is started (or resumed) with: the same dataset
// and budgets for every run of a comparison, the run's seed and folder, and what the comparison
// varies (--picker, --lambda). Pure.

export interface SearchBudgets {
  readonly dataset: string;
  /** As `memnas search --time-budget` takes it, e.g. '12m'. */
  readonly timeBudget: string;
  /** As `memnas search --memory-budget` takes it, e.g. '300KB'. */
  readonly memoryBudget: string;
}

/** `varied`: the flags this run differs by; `resume` continues a run killed before it finished. */
export function benchSearchArgs(
  b: SearchBudgets,
  run: { readonly seed: number; readonly dir: string; readonly varied: readonly string[] },
  resume: boolean,
): string[] {
  return [
    'search',
    '--dataset',
    b.dataset,
    '--time-budget',
    b.timeBudget,
    '--memory-budget',
    b.memoryBudget,
    '--seed',
    String(run.seed),
    '--out',
    run.dir,
    ...run.varied,
    ...(resume ? ['--resume'] : []),
  ];
}
