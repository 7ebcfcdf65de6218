// Decodes one PNG or JPEG file (by its leading bytes, not its name) to RGBA pixels with pngjs or
// jpeg-js, both pure JavaScript. Undecodable files are DATASET_INVALID naming the file.

import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { MemnasError } from '../../search/errors.ts';

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** width·height·4 bytes, row-major RGBA. */
  readonly rgba: Uint8Array;
}

const isPng = (b: Uint8Array): boolean => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
const isJpeg = (b: Uint8Array): boolean => b[0] === 0xff && b[1] === 0xd8;

export function decodeImage(file: string): RgbaImage {
  const bytes = readFileSync(file);
  try {
    if (isPng(bytes)) {
      const png = PNG.sync.read(bytes);
      return {
        width: png.width,
        height: png.height,
        rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length),
      };
    }
    if (isJpeg(bytes)) {
      const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 256 });
      return { width: img.width, height: img.height, rgba: img.data };
    }
  } catch (cause) {
    throw new MemnasError('DATASET_INVALID', `${file}: cannot decode image (${(cause as Error).message})`, {
      cause,
    });
  }
  throw new MemnasError('DATASET_INVALID', `${file}: neither a PNG nor a JPEG image`);
}

/** Bilinear resize of RGBA pixels (align-corners off, as TensorFlow's default). */
export function resizeRgba(img: RgbaImage, height: number, width: number): RgbaImage {
  if (img.height === height && img.width === width) return img;
  const out = new Uint8Array(height * width * 4);
  const sy = img.height / height;
  const sx = img.width / width;
  for (let y = 0; y < height; y++) {
    const fy = Math.max(0, (y + 0.5) * sy - 0.5);
    const y0 = Math.min(Math.floor(fy), img.height - 1);
    const y1 = Math.min(y0 + 1, img.height - 1);
    const dy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.max(0, (x + 0.5) * sx - 0.5);
      const x0 = Math.min(Math.floor(fx), img.width - 1);
      const x1 = Math.min(x0 + 1, img.width - 1);
      const dx = fx - x0;
      for (let c = 0; c < 4; c++) {
        const at = (yy: number, xx: number): number => img.rgba[(yy * img.width + xx) * 4 + c] as number;
        const top = at(y0, x0) * (1 - dx) + at(y0, x1) * dx;
        const bottom = at(y1, x0) * (1 - dx) + at(y1, x1) * dx;
        out[(y * width + x) * 4 + c] = Math.round(top * (1 - dy) + bottom * dy);
      }
    }
  }
  return { width, height, rgba: out };
}
