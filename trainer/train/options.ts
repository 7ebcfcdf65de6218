// TrainOptions with every default filled in, checked once at the start of training.

import { MemnasError } from '../../search/errors.ts';
import type { TrainBudget, TrainOptions } from '../contract.ts';

export interface ResolvedOptions {
  readonly budget: TrainBudget;
  readonly batchSize: number;
  readonly optimizer: 'sgd' | 'adam';
  readonly learningRate: number;
  readonly weightDecay: number;
  readonly schedule: 'cosine' | 'step' | 'constant';
  readonly warmup: number;
  readonly augment: { readonly shift: number; readonly flip: boolean };
  readonly seed: number;
  readonly batchNormMomentum: number;
  readonly evalBatchSize: number;
}

export function resolveOptions(options: TrainOptions = {}): ResolvedOptions {
  const optimizer = options.optimizer ?? 'adam';
  const budget = options.budget ?? {};
  const hasLimit = budget.epochs !== undefined || budget.images !== undefined || budget.seconds !== undefined;
  const resolved: ResolvedOptions = {
    budget: hasLimit ? budget : { epochs: 1 },
    batchSize: options.batchSize ?? 128,
    optimizer,
    learningRate: options.learningRate ?? (optimizer === 'adam' ? 0.003 : 0.05),
    weightDecay: options.weightDecay ?? 5e-4,
    schedule: options.schedule ?? 'cosine',
    warmup: options.warmup ?? 0.03,
    augment:
      options.augment === undefined || options.augment === false
        ? { shift: 0, flip: false }
        : { shift: options.augment.shift ?? 2, flip: options.augment.flip ?? false },
    seed: options.seed ?? 0,
    batchNormMomentum: options.batchNormMomentum ?? 0.9,
    evalBatchSize: options.evalBatchSize ?? 500,
  };
  check(
    Number.isInteger(resolved.batchSize) && resolved.batchSize > 0,
    `batch size must be a positive integer, got ${resolved.batchSize}`,
  );
  check(resolved.learningRate > 0, `learning rate must be positive, got ${resolved.learningRate}`);
  check(resolved.weightDecay >= 0, `weight decay must be ≥ 0, got ${resolved.weightDecay}`);
  check(
    resolved.warmup >= 0 && resolved.warmup < 1,
    `warm-up must be a fraction in [0, 1), got ${resolved.warmup}`,
  );
  check(
    resolved.batchNormMomentum >= 0 && resolved.batchNormMomentum < 1,
    `batch-norm momentum must be in [0, 1), got ${resolved.batchNormMomentum}`,
  );
  check(
    Number.isInteger(resolved.augment.shift) && resolved.augment.shift >= 0,
    `augment shift must be a whole number of pixels ≥ 0, got ${resolved.augment.shift}`,
  );
  for (const [key, value] of Object.entries(resolved.budget)) {
    check(typeof value === 'number' && value > 0, `budget ${key} must be positive, got ${String(value)}`);
  }
  return resolved;
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new MemnasError('USAGE', message);
}
