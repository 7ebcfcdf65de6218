// Parity, validity and leanness of the ONNX export over 50 random architectures of the search
// space, run in onnxruntime-node, onnxruntime-web (wasm, in Node) and Debian's ONNX checker.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportArchitecture } from '../../exporter/export-model.ts';
import { importArchitecture } from '../../exporter/import-architecture.ts';
import { readOnnxModel } from '../../exporter/onnx/read-model.ts';
import { parseArchitecture } from '../../search/architecture/parse.ts';
import { randomWeights } from '../../search/architecture/random-weights.ts';
import type { Architecture } from '../../search/architecture/types.ts';
import { buildArchitecture } from '../../search/space/build.ts';
import { randomGenotype } from '../../search/space/random.ts';
import { createRng } from '../../search/random.ts';
import { getTf, initBackend } from '../../trainer/backend/index.ts';
import { buildModel } from '../../trainer/model/build-model.ts';
import { exampleArchitectures } from '../../examples/example-architectures.ts';

const BATCH = 2;
const dir = mkdtempSync(join(tmpdir(), 'memnas-export-'));

function randomArch(seed: number): Architecture {
  return parseArchitecture(
    buildArchitecture(randomGenotype(seed), { shape: [28, 28, 1], classes: 10 }, `random-${seed}`),
  );
}

function batch(arch: Architecture): { nhwc: Float32Array; nchw: Float32Array } {
  const [h, w, c] = arch.input.shape;
  const rng = createRng(99);
  const nhwc = Float32Array.from({ length: BATCH * h * w * c }, () => rng.next() * 2 - 1);
  const nchw = new Float32Array(nhwc.length);
  for (let b = 0; b < BATCH; b++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < c; k++)
          nchw[((b * c + k) * h + y) * w + x] = nhwc[((b * h + y) * w + x) * c + k]!;
  return { nhwc, nchw };
}

function tfjsLogits(
  arch: Architecture,
  weights: ReturnType<typeof randomWeights>,
  nhwc: Float32Array,
): Float32Array {
  const tf = getTf();
  const [h, w, c] = arch.input.shape;
  const model = buildModel(arch, { weights });
  const out = tf.tidy(
    () => model.forward(tf.tensor4d(nhwc, [BATCH, h, w, c]), false).dataSync() as Float32Array,
  );
  model.dispose();
  return out;
}

async function ortLogits(
  ort: typeof ortNode | typeof ortWeb,
  bytes: Uint8Array,
  arch: Architecture,
  nchw: Float32Array,
): Promise<Float32Array> {
  const [h, w, c] = arch.input.shape;
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({ [arch.input.name]: new ort.Tensor('float32', nchw, [BATCH, c, h, w]) });
  await session.release();
  return out.logits!.data as Float32Array;
}

const maxDiff = (a: Float32Array, b: Float32Array): number =>
  a.length !== b.length ? Infinity : Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));

describe('ONNX export of 50 random architectures', () => {
  const written: string[] = [];
  beforeAll(async () => {
    await initBackend('wasm');
    ortWeb.env.wasm.numThreads = 1;
  });

  it('matches tfjs to 1e-4 in onnxruntime-node and onnxruntime-web', async () => {
    const opsSeen = new Set<string>();
    for (let seed = 0; seed < 50; seed++) {
      const arch = randomArch(seed);
      const weights = randomWeights(arch, seed);
      const result = exportArchitecture(arch, weights);
      const { nhwc, nchw } = batch(arch);
      const expected = tfjsLogits(arch, weights, nhwc);
      expect(
        maxDiff(await ortLogits(ortNode, result.bytes, arch, nchw), expected),
        `seed ${seed} node`,
      ).toBeLessThan(1e-4);
      expect(
        maxDiff(await ortLogits(ortWeb, result.bytes, arch, nchw), expected),
        `seed ${seed} web`,
      ).toBeLessThan(1e-4);
      for (const n of readOnnxModel(result.bytes).graph!.node!) opsSeen.add(n.opType!);
      const path = join(dir, `random-${seed}.onnx`);
      writeFileSync(path, result.bytes);
      written.push(path);
    }
    for (const op of [
      'Conv',
      'MaxPool',
      'AveragePool',
      'Relu',
      'Add',
      'Concat',
      'GlobalAveragePool',
      'Flatten',
      'Gemm',
    ]) {
      expect(opsSeen, op).toContain(op);
    }
  }, 300_000);

  it("passes Debian's ONNX checker (full_check)", () => {
    const probe = spawnSync('/usr/bin/python3', ['-c', 'import onnx'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      console.warn('SKIPPED: /usr/bin/python3 has no onnx module (apt-get install python3-onnx)');
      return;
    }
    expect(written.length).toBe(50);
    const script =
      'import sys, onnx\nfor p in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(p), full_check=True)\nprint("ok", len(sys.argv) - 1)';
    const r = spawnSync('/usr/bin/python3', ['-c', script, ...written], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('ok 50');
  });
});

describe('lean export', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('folds batch norms, drops duplicates, writes the best order, and keeps the outputs', async () => {
    for (const [name, raw] of Object.entries(exampleArchitectures())) {
      const arch = parseArchitecture(raw);
      const weights = randomWeights(arch, 3);
      const naive = exportArchitecture(arch, weights, { lean: false });
      const lean = exportArchitecture(arch, weights);
      const model = readOnnxModel(lean.bytes).graph!;
      const afterConv = arch.nodes.filter(
        (n) => n.op === 'batchNorm' && arch.nodes.find((p) => p.id === n.inputs[0])!.op.includes('onv'),
      );
      expect(lean.foldedBatchNorms, name).toBe(afterConv.length);
      const used = new Set(model.node!.flatMap((n) => n.input));
      expect(
        model.initializer!.every((t) => used.has(t.name!)),
        `${name}: no dead initializers`,
      ).toBe(true);
      const keys = model.initializer!.map(
        (t) => `${t.dims!.join('x')}:${Buffer.from(t.rawData!).toString('base64')}`,
      );
      expect(new Set(keys).size, `${name}: no duplicate initializers`).toBe(keys.length);
      expect(
        model.node!.map((n) => n.name),
        `${name}: written in the best order`,
      ).toEqual(lean.exportedEstimate.order);
      expect(lean.exportedEstimate.fileOrderPeakActivationBytes).toBe(
        lean.exportedEstimate.peakActivationBytes,
      );
      expect(lean.exportedEstimate.paramBytes).toBeLessThan(naive.exportedEstimate.paramBytes);
      const { nchw } = batch(arch);
      expect(
        maxDiff(
          await ortLogits(ortNode, lean.bytes, arch, nchw),
          await ortLogits(ortNode, naive.bytes, arch, nchw),
        ),
      ).toBeLessThan(1e-4);
    }
  });

  it('stores float16 weights at half the size, within a reported difference', async () => {
    const arch = parseArchitecture(exampleArchitectures()['mobilenetv2-28']!);
    const weights = randomWeights(arch, 5);
    const full = exportArchitecture(arch, weights);
    const half = exportArchitecture(arch, weights, { float16: true });
    expect(half.bytes.length).toBeLessThan(full.bytes.length * 0.6);
    const { nchw } = batch(arch);
    const diff = maxDiff(
      await ortLogits(ortNode, half.bytes, arch, nchw),
      await ortLogits(ortNode, full.bytes, arch, nchw),
    );
    expect(diff).toBeGreaterThan(0);
    expect(diff).toBeLessThan(0.05);
  });
});

describe('loading ONNX back', () => {
  it('round-trips a naive export to the same architecture and weights', () => {
    for (const seed of [0, 1, 2, 3, 4, 5, 6, 7]) {
      const arch = randomArch(seed);
      const weights = randomWeights(arch, seed);
      const back = importArchitecture(exportArchitecture(arch, weights, { lean: false }).bytes);
      expect(back.architecture.nodes).toEqual(arch.nodes);
      expect(back.architecture.input).toEqual(arch.input);
      expect(back.weights).toEqual(weights);
    }
  });

  it('imports a lean export as the folded network, which exports to the same outputs', async () => {
    const arch = randomArch(11);
    const weights = randomWeights(arch, 11);
    const lean = exportArchitecture(arch, weights);
    const back = importArchitecture(lean.bytes);
    const bn = (a: Architecture): number => a.nodes.filter((n) => n.op === 'batchNorm').length;
    // Batch norms after a conv are folded; those after a pool stay.
    expect(lean.foldedBatchNorms).toBeGreaterThan(0);
    expect(bn(back.architecture)).toBe(bn(arch) - lean.foldedBatchNorms);
    const again = exportArchitecture(back.architecture, back.weights, { lean: false });
    const { nchw } = batch(arch);
    expect(
      maxDiff(
        await ortLogits(ortNode, again.bytes, arch, nchw),
        await ortLogits(ortNode, lean.bytes, arch, nchw),
      ),
    ).toBeLessThan(1e-5);
  });

  it('refuses graphs outside its export patterns with a clear error', () => {
    expect(() => importArchitecture(new Uint8Array([1, 2, 3]))).toThrow(/ONNX|onnx/);
  });
});

describe('flatten lowering', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('permutes dense rows instead of transposing, or transposes when it must', async () => {
    const make = (withActivation: boolean): Architecture =>
      parseArchitecture({
        format: 'memnas.architecture',
        version: 1,
        input: { shape: [28, 28, 1] },
        classes: 10,
        nodes: [
          { id: 'c', op: 'conv', inputs: ['input'], filters: 3, kernel: 3, strides: 4 },
          { id: 'f', op: 'flatten', inputs: ['c'] },
          ...(withActivation ? [{ id: 'a', op: 'activation', inputs: ['f'], fn: 'hardSwish' }] : []),
          { id: 'd', op: 'dense', inputs: [withActivation ? 'a' : 'f'], units: 10 },
        ],
        output: 'd',
      });
    for (const withActivation of [false, true]) {
      const arch = make(withActivation);
      const weights = randomWeights(arch, 1);
      const result = exportArchitecture(arch, weights);
      const ops = readOnnxModel(result.bytes).graph!.node!.map((n) => n.opType);
      expect(ops.includes('Transpose')).toBe(withActivation);
      const { nhwc, nchw } = batch(arch);
      expect(
        maxDiff(await ortLogits(ortNode, result.bytes, arch, nchw), tfjsLogits(arch, weights, nhwc)),
      ).toBeLessThan(1e-4);
      const back = importArchitecture(exportArchitecture(arch, weights, { lean: false }).bytes);
      expect(back.weights).toEqual(weights);
    }
  });

  it('flattens an already flat tensor (after globalPool) without a transpose or reordered rows', async () => {
    for (const consumer of ['dense', 'activation'] as const) {
      const arch = parseArchitecture({
        format: 'memnas.architecture',
        version: 1,
        input: { shape: [12, 12, 1] },
        classes: 10,
        nodes: [
          { id: 'c', op: 'conv', inputs: ['input'], filters: consumer === 'dense' ? 6 : 10, kernel: 3 },
          { id: 'g', op: 'globalPool', inputs: ['c'], mode: 'avg' },
          { id: 'f', op: 'flatten', inputs: ['g'] },
          consumer === 'dense'
            ? { id: 'o', op: 'dense', inputs: ['f'], units: 10 }
            : { id: 'o', op: 'activation', inputs: ['f'], fn: 'relu' },
        ],
        output: 'o',
      });
      const weights = randomWeights(arch, 2);
      const result = exportArchitecture(arch, weights);
      expect(readOnnxModel(result.bytes).graph!.node!.map((n) => n.opType)).not.toContain('Transpose');
      const { nhwc, nchw } = batch(arch);
      expect(
        maxDiff(await ortLogits(ortNode, result.bytes, arch, nchw), tfjsLogits(arch, weights, nhwc)),
      ).toBeLessThan(1e-4);
    }
  });
});
