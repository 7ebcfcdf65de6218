// Re-indexes one axis of a weight tensor: slice i of the result is slice map[i] of the source,
// or drawn from `fill` where map[i] is −1. The other axes must agree.
import type { WeightTensor } from '../architecture/weights.ts';

export function remapAxis(
  src: WeightTensor,
  shape: readonly number[],
  axis: number,
  map: readonly number[],
  fill: () => number,
): WeightTensor | null {
  if (shape.length !== src.shape.length || shape[axis] !== map.length) return null;
  if (shape.some((d, i) => i !== axis && d !== src.shape[i])) return null;
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const srcAxis = src.shape[axis]!;
  const data = new Float32Array(outer * map.length * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < map.length; i++) {
      const at = (o * map.length + i) * inner;
      const from = map[i]!;
      if (from < 0 || from >= srcAxis) {
        for (let k = 0; k < inner; k++) data[at + k] = fill();
        continue;
      }
      const s = (o * srcAxis + from) * inner;
      data.set(src.data.subarray(s, s + inner), at);
    }
  }
  return { shape: [...shape], data };
}
