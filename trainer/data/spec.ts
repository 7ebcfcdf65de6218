// What a dataset is, as plain JSON: it travels to worker processes, which load it once each.

/** Where the images come from. */
export type DatasetSource =
  | {
      readonly kind: 'fashion-mnist';
      /** A folder holding the four IDX files; default: Debian's copy, else the cache (downloading once). */
      readonly path?: string;
      /** Allow the one-time download. Default true. */
      readonly download?: boolean;
      /** Default ~/.cache/memnas/fashion-mnist. */
      readonly cacheDir?: string;
    }
  | {
      readonly kind: 'idx';
      readonly trainImages: string;
      readonly trainLabels: string;
      readonly testImages?: string;
      readonly testLabels?: string;
      /** Default '0', '1', … up to the largest label. */
      readonly classNames?: readonly string[];
    }
  | {
      readonly kind: 'folder';
      /** One sub-folder of images per class. */
      readonly train: string;
      /** Same layout and class names; optional. */
      readonly test?: string;
      /** [height, width] to resize to. Default: all images must share one size. */
      readonly size?: readonly [number, number];
      /** Default: 1 if every image is grey, else 3. */
      readonly channels?: 1 | 3;
    };

export interface DatasetSpec {
  readonly source: DatasetSource;
  /** Fraction of the training files held out for validation. Default 0.1. */
  readonly validationFraction?: number;
  /** Seeds the split. Default 0. */
  readonly seed?: number;
  /** Keep at most this many images per split (after the split), for quick runs. Default: all. */
  readonly limit?: { readonly train?: number; readonly validation?: number; readonly test?: number };
}
