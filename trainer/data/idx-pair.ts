// An MNIST-format image/label pair: images IDX [n, h, w] (or [n, h, w, c]) and labels IDX [n].
// The counts must match; values become floats in [0, 1].

import { MemnasError } from '../../search/errors.ts';
import type { ImageSet } from '../contract.ts';
import { parseIdx } from './idx.ts';
import { readMaybeGzip } from './read-bytes.ts';

export function readIdxPair(imagesFile: string, labelsFile: string): ImageSet {
  const images = parseIdx(readMaybeGzip(imagesFile), imagesFile);
  const labels = parseIdx(readMaybeGzip(labelsFile), labelsFile);
  if (images.dims.length !== 3 && images.dims.length !== 4) {
    throw new MemnasError(
      'DATASET_INVALID',
      `${imagesFile}: expected images of shape [n, h, w] or [n, h, w, c], got [${images.dims.join(', ')}]`,
    );
  }
  if (labels.dims.length !== 1) {
    throw new MemnasError(
      'DATASET_INVALID',
      `${labelsFile}: expected labels of shape [n], got [${labels.dims.join(', ')}]`,
    );
  }
  const [count, h, w, c = 1] = images.dims as [number, number, number, number?];
  if (labels.dims[0] !== count) {
    throw new MemnasError(
      'DATASET_INVALID',
      `${labelsFile}: ${labels.dims[0]} labels for the ${count} images in ${imagesFile}`,
    );
  }
  const floats = new Float32Array(images.data.length);
  for (let i = 0; i < floats.length; i++) floats[i] = (images.data[i] as number) / 255;
  return { images: floats, labels: Int32Array.from(labels.data), count, shape: [h, w, c] };
}
