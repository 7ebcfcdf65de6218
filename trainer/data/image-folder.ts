// A folder with one sub-folder of PNG/JPEG images per class (the class names are the sub-folder
// names, sorted). Images must share one size unless a size is given, in which case they are
// resized to it. Grey images (R = G = B everywhere) load as one channel, others as RGB.

import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { MemnasError } from '../../search/errors.ts';
import type { ImageSet } from '../contract.ts';
import { decodeImage, resizeRgba } from './decode-image.ts';
import type { RgbaImage } from './decode-image.ts';

export interface ImageFolderOptions {
  /** [height, width] to resize every image to. Default: keep sizes, which must then all match. */
  readonly size?: readonly [number, number];
  /** 1 (grey) or 3 (RGB). Default: 1 when every image is grey, else 3. */
  readonly channels?: 1 | 3;
}

export interface LabelledImages {
  readonly set: ImageSet;
  readonly classNames: readonly string[];
}

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

export function readImageFolder(dir: string, options: ImageFolderOptions = {}): LabelledImages {
  const classNames = listDirs(dir);
  if (classNames.length < 2)
    throw new MemnasError(
      'DATASET_INVALID',
      `${dir}: needs one sub-folder per class (at least 2), found ${classNames.length}`,
    );
  const files: { file: string; label: number }[] = [];
  classNames.forEach((name, label) => {
    const images = readdirSync(join(dir, name))
      .filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase()))
      .sort();
    if (images.length === 0)
      throw new MemnasError(
        'DATASET_INVALID',
        `${join(dir, name)}: class folder holds no .png/.jpg/.jpeg images`,
      );
    for (const f of images) files.push({ file: join(dir, name, f), label });
  });
  const decoded: RgbaImage[] = [];
  let size = options.size;
  for (const { file } of files) {
    let img = decodeImage(file);
    if (size === undefined) size = [img.height, img.width];
    else if (options.size !== undefined) img = resizeRgba(img, size[0], size[1]);
    else if (img.height !== size[0] || img.width !== size[1]) {
      throw new MemnasError(
        'DATASET_INVALID',
        `${file}: is ${img.width}×${img.height} but earlier images are ${size[1]}×${size[0]} (give a size to resize them all)`,
      );
    }
    decoded.push(img);
  }
  const [h, w] = size ?? [0, 0];
  const channels = options.channels ?? (decoded.every(isGrey) ? 1 : 3);
  const images = new Float32Array(files.length * h * w * channels);
  decoded.forEach((img, n) => {
    const base = n * h * w * channels;
    for (let p = 0; p < h * w; p++) {
      for (let c = 0; c < channels; c++)
        images[base + p * channels + c] = (img.rgba[p * 4 + c] as number) / 255;
    }
  });
  const labels = Int32Array.from(files, (f) => f.label);
  return { set: { images, labels, count: files.length, shape: [h, w, channels] }, classNames };
}

function listDirs(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (cause) {
    throw new MemnasError(
      'DATASET_NOT_FOUND',
      `${dir}: cannot list the image folder (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`,
      { cause },
    );
  }
  return entries.filter((e) => statSync(join(dir, e)).isDirectory()).sort();
}

function isGrey(img: RgbaImage): boolean {
  const d = img.rgba;
  for (let i = 0; i < d.length; i += 4) if (d[i] !== d[i + 1] || d[i] !== d[i + 2]) return false;
  return true;
}
