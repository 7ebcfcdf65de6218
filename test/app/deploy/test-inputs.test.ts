// The test split as an evaluate blob: NHWC → NCHW, bytes when every value is k/255, else float32.
import { describe, expect, it } from 'vitest';
import { accuracyOf, inputBlob } from '../../../app/deploy/test-inputs.ts';

describe('inputBlob', () => {
  it('sends 8-bit images as bytes in NCHW order', () => {
    // Two 1×2 images with 3 channels: value = (sample, x, channel) coded as a byte.
    const bytes = [10, 11, 12, 20, 21, 22, 110, 111, 112, 120, 121, 122];
    const b = inputBlob({
      images: Float32Array.from(bytes, (v) => v / 255),
      labels: new Int32Array(2),
      count: 2,
      shape: [1, 2, 3],
    });
    expect(b.dtype).toBe('uint8');
    expect(b.dims).toEqual([2, 3, 1, 2]);
    expect(b.scale).toBeCloseTo(1 / 255, 12);
    expect([...b.bytes]).toEqual([10, 20, 11, 21, 12, 22, 110, 120, 111, 121, 112, 122]);
  });

  it('falls back to float32 for values that are not bytes', () => {
    const images = Float32Array.from([0.5, 0.25, 1, 0]);
    const b = inputBlob({ images, labels: new Int32Array(1), count: 1, shape: [2, 2, 1] });
    expect(b.dtype).toBe('float32');
    expect(b.scale).toBe(1);
    expect([...new Float32Array(b.bytes.buffer)]).toEqual([0.5, 0.25, 1, 0]);
  });

  it('scores predictions against labels', () => {
    expect(accuracyOf([1, 2, 0, 0], Int32Array.from([1, 2, 1, 0]))).toBe(0.75);
  });
});
