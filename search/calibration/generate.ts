// The calibration set: a deterministic list of architectures (given a seed) that spans the search
// space and beyond it, so a device's fit has seen every operation, small and large networks,
// small and large inputs, and graphs whose memory is dominated by concatenations (dense blocks,
// fire modules, the space's block outputs) or by residual additions (inverted residuals, ResNet
// blocks). A share of members is marked for a naive export (batch norms left unfolded), so the
// fit also sees the operator mix of graphs exported by other tools.
import { ArchitectureBuilder } from '../architecture/builder.ts';
import type { Architecture } from '../architecture/types.ts';
import { createRng, deriveSeed, type Rng } from '../random.ts';
import { buildArchitecture } from '../space/build.ts';
import { randomGenotype } from '../space/random.ts';

export interface CalibrationMember {
  readonly arch: Architecture;
  /** The graph family it was drawn from. */
  readonly family: Family;
  /** Export lean (folded batch norms, memory order; the search's exports) or naive. */
  readonly lean: boolean;
  /** Seed for its random weights. */
  readonly weightSeed: number;
}

export const FAMILIES = [
  'space',
  'inverted-residual',
  'dense-block',
  'fire',
  'resnet',
  'plain',
  'wide',
] as const;
export type Family = (typeof FAMILIES)[number];

/** Default set size (the most the issue allows): ~15 coefficients with a held-out quarter, ~3 min to profile here. */
export const DEFAULT_CALIBRATION_MODELS = 40;
export const MAX_CALIBRATION_MODELS = 40;

type Shape = readonly [number, number, number];
const SHAPES: readonly Shape[] = [
  [28, 28, 1],
  [32, 32, 3],
  [16, 16, 1],
  [24, 24, 3],
  [40, 40, 1],
  [48, 48, 3],
];

const classes = (rng: Rng): number => rng.pick([2, 10, 100]);

function spaceMember(rng: Rng, name: string): Architecture {
  const genotype = randomGenotype(rng.int(2 ** 31), {
    maxCells: rng.pick([1, 2, 3, 4]),
    // The space's own widths (6 included: channel counts the runtime's blocked kernels do not
    // take, run as plain im2col convolutions) and one wider.
    widths: [4, 6, 8, 12, 16, 24],
  });
  return buildArchitecture(genotype, { shape: rng.pick(SHAPES), classes: classes(rng) }, name);
}

function invertedResidual(rng: Rng, name: string): Architecture {
  const k = classes(rng);
  const b = new ArchitectureBuilder(name, rng.pick(SHAPES), k);
  let channels = rng.pick([8, 16, 24, 32]);
  let x = b.convBnAct(b.input, channels, 3, { strides: rng.pick([1, 2]) }, 'relu6');
  const stages = 2 + rng.int(4);
  for (let s = 0; s < stages; s++) {
    const t = rng.pick([1, 3, 6]);
    const c = channels + rng.pick([0, 8, 16, 32]);
    const repeats = 1 + rng.int(3);
    for (let i = 0; i < repeats; i++) {
      const stride = i === 0 && s % 2 === 1 ? 2 : 1;
      let y = x;
      if (t !== 1) y = b.convBnAct(y, channels * t, 1, {}, 'relu6');
      y = b.activation(b.batchNorm(b.depthwise(y, rng.pick([3, 5]), { strides: stride })), 'relu6');
      y = b.batchNorm(b.conv(y, c, 1));
      x = stride === 1 && channels === c ? b.add([x, y]) : y;
      channels = c;
    }
  }
  // Up to MobileNetV2's 1280-wide last 1×1 convolution: MBs of pointwise weights.
  x = b.convBnAct(x, rng.pick([64, 128, 256, 640, 1280]), 1, {}, 'relu6');
  return b.build(b.dense(b.globalPool(x), k));
}

function denseBlock(rng: Rng, name: string): Architecture {
  const k = classes(rng);
  const b = new ArchitectureBuilder(name, rng.pick(SHAPES), k);
  let x = b.convBnAct(b.input, rng.pick([8, 16, 24]), 3);
  const blocks = 1 + rng.int(3);
  for (let k = 0; k < blocks; k++) {
    const growth = rng.pick([4, 8, 12, 16]);
    const features = [x];
    const layers = 2 + rng.int(5);
    // DenseNet's own order (batch norm and ReLU before each convolution: a batch norm on a
    // concatenation, which no export folds) or conv–BN–ReLU.
    const preActivation = rng.next() < 0.5;
    for (let l = 0; l < layers; l++) {
      const input = features.length === 1 ? x : b.concat(features);
      const h = preActivation
        ? b.conv(
            b.activation(b.batchNorm(b.conv(b.activation(b.batchNorm(input)), 4 * growth, 1))),
            growth,
            3,
          )
        : b.convBnAct(b.convBnAct(input, 4 * growth, 1), growth, 3);
      features.push(h);
    }
    x = b.concat(features);
    if (k < blocks - 1) x = b.pool(b.convBnAct(x, 16 + 8 * k, 1), 'avg', 2, 2);
  }
  return b.build(b.dense(b.globalPool(x), k));
}

function fire(rng: Rng, name: string): Architecture {
  const k = classes(rng);
  const b = new ArchitectureBuilder(name, rng.pick(SHAPES), k);
  let x = b.pool(b.convBnAct(b.input, rng.pick([16, 32]), 3, { strides: 2 }), 'max', 3, 2);
  const modules = 2 + rng.int(4);
  for (let m = 0; m < modules; m++) {
    const squeeze = rng.pick([4, 8, 16]);
    const expand = rng.pick([8, 16, 32, 48]);
    const s = b.convBnAct(x, squeeze, 1);
    x = b.concat([b.convBnAct(s, expand, 1), b.convBnAct(s, expand, 3)]);
    if (m === 1) x = b.pool(x, 'max', 3, 2);
  }
  // SqueezeNet's classifier: a 1×1 convolution to the classes, then global pooling; no Gemm, so
  // the calibration also sees networks that never run (nor page in) a dense kernel.
  return b.build(b.globalPool(b.conv(x, k, 1)));
}

function resnet(rng: Rng, name: string): Architecture {
  const k = classes(rng);
  const b = new ArchitectureBuilder(name, rng.pick(SHAPES), k);
  // Up to 128 → 512 channels (ResNet-18's widths): up to tens of MB of weights, so the fit sees
  // what large weights cost the runtime.
  let channels = rng.pick([8, 16, 32, 64, 128]);
  let x = b.convBnAct(b.input, channels, 3);
  const stages = 1 + rng.int(3);
  for (let s = 0; s < stages; s++) {
    const c = s === 0 ? channels : channels * 2;
    for (let i = 0; i < 1 + rng.int(3); i++) {
      const stride = i === 0 && s > 0 ? 2 : 1;
      const h = b.batchNorm(b.conv(b.convBnAct(x, c, 3, { strides: stride }), c, 3));
      const shortcut = stride !== 1 || c !== channels ? b.batchNorm(b.conv(x, c, 1, { strides: stride })) : x;
      x = b.activation(b.add([h, shortcut]));
      channels = c;
    }
  }
  return b.build(b.dense(b.globalPool(x), k));
}

function plain(rng: Rng, name: string): Architecture {
  const k = classes(rng);
  const b = new ArchitectureBuilder(name, rng.pick(SHAPES), k);
  let x = b.input;
  const layers = 2 + rng.int(4);
  for (let l = 0; l < layers; l++) {
    const fn = rng.pick(['relu', 'relu6', 'hardSwish', 'sigmoid'] as const);
    const kernel = rng.pick<number | [number, number]>([3, 5, [1, 7], 1]);
    x = b.convBnAct(
      x,
      rng.pick([8, 16, 32, 64]),
      kernel,
      {
        strides: l % 2 === 1 ? 2 : 1,
        dilations: rng.next() < 0.2 ? 2 : 1,
      },
      fn,
    );
    if (rng.next() < 0.3) x = b.pool(x, rng.pick(['max', 'avg'] as const), 3, 1);
  }
  const head = rng.next() < 0.5 ? b.globalPool(x, rng.pick(['avg', 'max'] as const)) : b.flatten(x);
  return b.build(b.dense(head, k));
}

/** Weight-heavy, activation-light (MBs of weights on small maps), like public nets at 32×32. */
function wide(rng: Rng, name: string): Architecture {
  const k = classes(rng);
  const b = new ArchitectureBuilder(name, rng.pick(SHAPES.slice(0, 4)), k);
  let x = b.convBnAct(b.input, rng.pick([32, 64]), 3, { strides: 2 });
  const layers = 2 + rng.int(3);
  for (let l = 0; l < layers; l++) {
    x = b.convBnAct(x, rng.pick([192, 384, 512, 768]), rng.pick([1, 3, 3]), {
      strides: l === 1 ? 2 : 1,
    });
    if (rng.next() < 0.3) x = b.convBnAct(b.depthwise(x, 3), rng.pick([64, 128]), 1);
  }
  return b.build(b.dense(b.globalPool(x), k));
}

const BUILDERS: Record<Family, (rng: Rng, name: string) => Architecture> = {
  space: spaceMember,
  'inverted-residual': invertedResidual,
  'dense-block': denseBlock,
  fire,
  resnet,
  plain,
  wide,
};

/** Half the set from the search space, the rest spread over the other families. */
function familyOf(index: number): Family {
  if (index % 2 === 0) return 'space';
  const others = FAMILIES.slice(1);
  return others[((index - 1) / 2) % others.length]!;
}

/**
 * Which members are exported naive (unfolded batch norms): counted within each family, so that
 * no family is always lean or always naive (a fixed stride over the whole list would alias with
 * the family cycle, and the fit would mistake a family's cost for the export's): every fourth
 * search-space member, every third of the other families from the second on.
 */
function naive(family: Family, occurrence: number): boolean {
  return family === 'space' ? occurrence % 4 === 3 : occurrence % 3 === 1;
}

/** `count` calibration members, the same for the same seed; about a quarter exported naive. */
export function calibrationSet(count = DEFAULT_CALIBRATION_MODELS, seed = 1): CalibrationMember[] {
  const seen = new Map<Family, number>();
  return Array.from({ length: count }, (_, i) => {
    const family = familyOf(i);
    const occurrence = seen.get(family) ?? 0;
    seen.set(family, occurrence + 1);
    const rng = createRng(deriveSeed(seed, `calibration/${i}`));
    const arch = BUILDERS[family](rng, `cal-${String(i).padStart(2, '0')}-${family}`);
    return {
      arch,
      family,
      lean: !naive(family, occurrence),
      weightSeed: deriveSeed(seed, `weights/${i}`),
    };
  });
}
