// The run `npm start` plans (Fashion-MNIST, 300 KB, λ 0.5, 4 minutes, two workers), as planRun's
// input: the fixture the search layer's tests plan from.
export const fashion = { shape: [28, 28, 1], classes: 10 } as const;

export const QUICKSTART_PLAN = {
  dataset: 'fashion-mnist',
  space: fashion,
  memoryBudgetBytes: 300_000,
  lambda: 0.5,
  objective: 'budget',
  picker: 'controller',
  device: null,
  seed: 0,
  timeBudgetSeconds: 240,
  parallelism: 2,
} as const;
