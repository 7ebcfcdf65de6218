// The test split as an evaluate job's input blob (profiler-agent/protocol.ts EvaluateInput): NHWC
// floats turned into the NCHW layout memnas's ONNX exports take, sent as bytes when every value
// is a multiple of 1/255 (decoded 8-bit images: exact, 4× smaller), else as float32.
import type { ImageSet } from '../../trainer/contract.ts';

export interface InputBlob {
  readonly dtype: 'uint8' | 'float32';
  /** [N, C, H, W]. */
  readonly dims: readonly [number, number, number, number];
  readonly scale: number;
  readonly bytes: Uint8Array;
}

function isByteImage(images: Float32Array): boolean {
  for (const v of images) {
    const k = Math.round(v * 255);
    if (k < 0 || k > 255 || Math.abs(k / 255 - v) > 1e-6) return false;
  }
  return true;
}

export function inputBlob(set: ImageSet): InputBlob {
  const [h, w, c] = set.shape;
  const n = set.count;
  const dims = [n, c, h, w] as const;
  const bytesPerValue = isByteImage(set.images) ? 1 : 4;
  const out = new Uint8Array(n * c * h * w * bytesPerValue);
  const view = new DataView(out.buffer);
  for (let s = 0; s < n; s++)
    for (let ch = 0; ch < c; ch++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const v = set.images[((s * h + y) * w + x) * c + ch]!;
          const i = ((s * c + ch) * h + y) * w + x;
          if (bytesPerValue === 1) out[i] = Math.round(v * 255);
          else view.setFloat32(i * 4, v, true);
        }
  return bytesPerValue === 1
    ? { dtype: 'uint8', dims, scale: 1 / 255, bytes: out }
    : { dtype: 'float32', dims, scale: 1, bytes: out };
}

/** Share of predictions equal to the labels. */
export function accuracyOf(predictions: readonly number[], labels: Int32Array): number {
  if (labels.length === 0) return 0;
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) right++;
  return right / labels.length;
}
