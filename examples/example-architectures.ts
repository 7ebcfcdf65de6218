// The example architectures shipped in examples/: hand-designed seeds users can start from and
// reference networks the search is compared against.
import { ArchitectureBuilder } from '../search/architecture/builder.ts';
import type { Architecture } from '../search/architecture/types.ts';

/** A plain CNN for 28×28×1: three conv-BN-ReLU stages with stride, global pooling, dense. */
export function plainCnn(): Architecture {
  const b = new ArchitectureBuilder('plain-cnn', [28, 28, 1], 10);
  let x = b.convBnAct(b.input, 16, 3);
  x = b.convBnAct(x, 32, 3, { strides: 2 });
  x = b.convBnAct(x, 64, 3, { strides: 2 });
  return b.build(b.dense(b.globalPool(x), 10));
}

/**
 * MobileNetV2 (Sandler et al. 2018) sized for 28×28×1: width 0.5-ish, strides reduced so the
 * 28×28 input ends at 7×7. Inverted residual (expand 1×1, depthwise 3×3, linear 1×1 project), a
 * residual add where shapes allow.
 */
export function mobileNetV2For28(): Architecture {
  const b = new ArchitectureBuilder('mobilenetv2-28', [28, 28, 1], 10);
  let x = b.convBnAct(b.input, 16, 3, {}, 'relu6');
  let channels = 16;
  // (expansion t, output channels c, repeats n, first stride s)
  const stages: [number, number, number, number][] = [
    [1, 8, 1, 1],
    [6, 16, 2, 2],
    [6, 24, 3, 2],
    [6, 32, 2, 1],
    [6, 48, 1, 1],
  ];
  for (const [t, c, n, s] of stages) {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      let y = x;
      if (t !== 1) y = b.convBnAct(y, channels * t, 1, {}, 'relu6');
      y = b.activation(b.batchNorm(b.depthwise(y, 3, { strides: stride })), 'relu6');
      y = b.batchNorm(b.conv(y, c, 1));
      x = stride === 1 && channels === c ? b.add([x, y]) : y;
      channels = c;
    }
  }
  x = b.convBnAct(x, 128, 1, {}, 'relu6');
  return b.build(b.dense(b.globalPool(x), 10));
}

/**
 * The method's cell structure (METHOD.md §1): a stem, then five blocks (strides 1, 2, 1, 2, 1;
 * widths w, w, 2w, 2w, 4w), each with two cells of two operations added together, the block
 * output the concatenation of both cells. Cell 1: 3×3 separable conv (block input) + 3×3 max
 * pool (block input); cell 2: dilated 3×3 conv (block input) + 3×3 conv (cell 1).
 */
export function methodCells(): Architecture {
  const b = new ArchitectureBuilder('method-cells', [28, 28, 1], 10);
  const w = 8;
  let x = b.convBnAct(b.input, w, 3);
  const strides = [1, 2, 1, 2, 1];
  const widths = [w, w, 2 * w, 2 * w, 4 * w];
  strides.forEach((s, blockIndex) => {
    const c = widths[blockIndex]!;
    const sep = b.batchNorm(b.conv(b.depthwise(x, 3, { strides: s }), c, 1));
    const pool = b.batchNorm(b.conv(b.pool(x, 'max', 3, s), c, 1));
    const cell1 = b.add([sep, pool]);
    const dil = b.batchNorm(b.conv(x, c, 3, { strides: s, dilations: 2 }));
    const plain = b.batchNorm(b.conv(cell1, c, 3));
    const cell2 = b.add([dil, plain]);
    x = b.activation(b.concat([cell1, cell2]));
  });
  return b.build(b.dense(b.globalPool(x), 10));
}

export function exampleArchitectures(): Record<string, Architecture> {
  return { 'plain-cnn': plainCnn(), 'mobilenetv2-28': mobileNetV2For28(), 'method-cells': methodCells() };
}
