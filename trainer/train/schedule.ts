// Learning rate as a function of training progress in [0, 1]: linear warm-up, then cosine
// decay to zero, a step schedule (×0.1 at half and three quarters), or constant.

export interface ScheduleOptions {
  readonly learningRate: number;
  readonly schedule: 'cosine' | 'step' | 'constant';
  readonly warmup: number;
}

export function learningRateAt(progress: number, o: ScheduleOptions): number {
  const p = Math.min(Math.max(progress, 0), 1);
  if (o.warmup > 0 && p < o.warmup) return (o.learningRate * p) / o.warmup;
  const after = o.warmup >= 1 ? 1 : (p - o.warmup) / (1 - o.warmup);
  switch (o.schedule) {
    case 'constant':
      return o.learningRate;
    case 'cosine':
      return o.learningRate * 0.5 * (1 + Math.cos(Math.PI * after));
    case 'step':
      return o.learningRate * (after < 0.5 ? 1 : after < 0.75 ? 0.1 : 0.01);
  }
}
