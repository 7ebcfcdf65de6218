// The Trainer contract (STYLE.md §1): what search asks of the training engine. One architecture
// and a train/validation split in, validation metrics and trained weights out. The test split is
// deliberately absent: selection never sees it. Implementation: trainer/train/local-trainer.ts,
// which trainer/jobs/ runs inside worker processes to train many candidates in parallel.

import type { Architecture } from '../search/architecture/types.ts';
import type { ArchitectureWeights } from '../search/architecture/weights.ts';
import type { BackendName } from './backend/index.ts';

/** Images as floats in [0, 1], NHWC, with integer class labels. */
export interface ImageSet {
  /** count·h·w·c values, sample-major, NHWC. */
  readonly images: Float32Array;
  /** count class indices in [0, classes). */
  readonly labels: Int32Array;
  readonly count: number;
  /** [h, w, c] of one image. */
  readonly shape: readonly [number, number, number];
}

/** What training and selection may see. */
export interface DatasetSplits {
  readonly train: ImageSet;
  readonly validation: ImageSet;
}

/**
 * How long to train. Training stops at whichever limit comes first; with none given it runs one
 * epoch. The learning-rate schedule spans the whole budget (for `seconds`, by elapsed time).
 */
export interface TrainBudget {
  /** Passes over the training split (fractions allowed, e.g. 0.5). */
  readonly epochs?: number;
  /** Training images processed (counting repeats). */
  readonly images?: number;
  /** Wall-clock seconds of training (evaluation not included). */
  readonly seconds?: number;
}

/** Light augmentation, applied to training batches only. */
export interface AugmentOptions {
  /** Random shift up to this many pixels each way, with zero padding (pad-and-crop). Default 2 when augment is on. */
  readonly shift?: number;
  /** Random horizontal flip. Default false: it changes digits' and letters' meaning. */
  readonly flip?: boolean;
}

export interface TrainOptions {
  /** Default { epochs: 1 }. */
  readonly budget?: TrainBudget;
  /** Minibatch size. Default 128. */
  readonly batchSize?: number;
  /** 'sgd' is SGD with momentum 0.9. Default 'adam'. */
  readonly optimizer?: 'sgd' | 'adam';
  /** Peak learning rate. Default 0.003 for Adam, 0.05 for SGD. */
  readonly learningRate?: number;
  /** L2 penalty on kernels (0.5·wd·‖W‖² added to the loss). Default 5e-4. */
  readonly weightDecay?: number;
  /** Learning-rate schedule after warm-up. Default 'cosine' (to zero at the end of the budget). */
  readonly schedule?: 'cosine' | 'step' | 'constant';
  /** Fraction of the budget spent ramping the learning rate up linearly from 0. Default 0.03. */
  readonly warmup?: number;
  /**
   * Default false (off): candidates train for about an epoch, where augmentation costs accuracy
   * (measured: Fashion-MNIST, one epoch, 88.0% test without, 85.1% with shift 2). Turn it on,
   * e.g. { shift: 2 }, for longer final training.
   */
  readonly augment?: AugmentOptions | false;
  /**
   * Start from these weights (e.g. inherited from the parent candidate): a partial map, the
   * parameters it lacks are initialised from the seed. Default: from scratch.
   */
  readonly initialWeights?: ArchitectureWeights;
  /** Seeds initialisation, shuffling and augmentation. Default 0. */
  readonly seed?: number;
  /** Batch-norm moving-average momentum. Default 0.9: candidates train for few steps. */
  readonly batchNormMomentum?: number;
  /** Batch size for validation. Default 500. */
  readonly evalBatchSize?: number;
}

export interface LossPoint {
  /** 1-based optimizer step. */
  readonly step: number;
  /** Mean cross-entropy of the step's minibatch (without the weight-decay term). */
  readonly loss: number;
}

export interface TrainResult {
  /** Fraction in [0, 1] of validation images classified correctly. */
  readonly validationAccuracy: number;
  /** Mean cross-entropy on the validation split. */
  readonly validationLoss: number;
  readonly lossCurve: readonly LossPoint[];
  /** Training images processed. */
  readonly imagesSeen: number;
  /** Wall-clock seconds of the whole call, evaluation included. */
  readonly seconds: number;
  readonly backend: BackendName;
  readonly weights: ArchitectureWeights;
}

export interface Trainer {
  /** Trains `arch` (from scratch, seeded, or from `options.initialWeights`) on `data.train` and scores it on `data.validation`. */
  train(arch: Architecture, data: DatasetSplits, options?: TrainOptions): Promise<TrainResult>;
}
