// The two minimal runners a deploy bundle ships: run-node.mjs (onnxruntime-node, classifies an
// image file, an IDX file's sample or a raw sample) and index.html (onnxruntime-web from the
// bundle's own ort/ folder — never a CDN — classifying an image the user picks). Inputs are
// prepared exactly as the trainer prepares its images: pixels / 255, grey = the first channel,
// NCHW as memnas's ONNX exports take.

import { DEFAULT_JOB } from '../../profiler-agent/defaults.ts';
import { TRIVIAL_MODEL } from '../../profiler-agent/measure/trivial-model.ts';
import type { SessionOptions } from '../../profiler-agent/protocol.ts';

/** The environment switch that makes run-node.mjs stop at the two points an outside reader needs. */
export const PAUSE_ENV = 'MEMNAS_MEASURE_PAUSE';

export interface RunnerInput {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/**
 * The measured session options as onnxruntime's own SessionOptions: the memory the bundle's
 * README reports holds only under the options it was measured with (the memory pattern, above
 * all, changes the peak). Threads: intra/inter-op for Node; the page sets env.wasm.numThreads.
 */
function ortOptions(o: SessionOptions, web: boolean): string {
  const common = {
    graphOptimizationLevel: o.graphOptimizationLevel,
    enableCpuMemArena: o.enableCpuMemArena,
    enableMemPattern: o.enableMemPattern,
    executionMode: o.executionMode,
  };
  return JSON.stringify(
    web
      ? { executionProviders: ['wasm'], ...common }
      : { ...common, intraOpNumThreads: o.intraOpNumThreads, interOpNumThreads: o.interOpNumThreads },
  );
}

export const ORT_WEB_FILES = [
  'ort.wasm.min.mjs',
  'ort-wasm-simd-threaded.mjs',
  'ort-wasm-simd-threaded.wasm',
] as const;

/** The script's header: what it is, its usage for this model's input, imports and the input's shape. */
function nodeScriptHead(i: RunnerInput): string {
  return `#!/usr/bin/env node
// Classifies one input with model.onnx in onnxruntime-node and prints its class (written by memnas deploy).
// usage: node run-node.mjs IMAGE.png|IMAGE.jpg | IMAGES-idx3-ubyte[.gz] [--index N] | SAMPLE.raw
//   a PNG/JPEG must be ${i.width}×${i.height}; a .raw file is ${i.height * i.width * i.channels} bytes (${i.height}×${i.width}×${i.channels}, row-major, channels last).
//   ${PAUSE_ENV}=1 stops it before loading the model and after classifying, so that its peak
//   memory can be read from outside (README.md, "Checking the peak").
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gunzipSync } from 'node:zlib';
import * as ort from 'onnxruntime-node';

const H = ${i.height}, W = ${i.width}, C = ${i.channels};
const here = (f) => fileURLToPath(new URL(f, import.meta.url));

`;
}

/** Reading one sample (PNG, JPEG, IDX or raw bytes) as H·W·C bytes; no interpolation: H, W, C are the script's. */
const NODE_READ_SAMPLE = `function fail(message) {
  console.error('run-node: ' + message);
  process.exit(1);
}

/** RGBA pixels (width×height) → H·W·C bytes, channels last. */
function fromRgba(rgba, width, height) {
  if (width !== W || height !== H) fail(\`the image is \${width}×\${height}; the model takes \${W}×\${H}\`);
  const out = new Uint8Array(H * W * C);
  for (let p = 0; p < H * W; p++) for (let c = 0; c < C; c++) out[p * C + c] = rgba[p * 4 + c];
  return out;
}

async function readSample(path, index) {
  let bytes = readFileSync(path);
  const lower = path.toLowerCase();
  if (lower.endsWith('.png')) {
    const { PNG } = await import('pngjs');
    const png = PNG.sync.read(bytes);
    return fromRgba(png.data, png.width, png.height);
  }
  if (lower.endsWith('.jpg') || lower.endsWith('.jpeg')) {
    const jpeg = (await import('jpeg-js')).default;
    const img = jpeg.decode(bytes, { useTArray: true });
    return fromRgba(img.data, img.width, img.height);
  }
  if (lower.endsWith('.gz')) bytes = gunzipSync(bytes);
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 8) {
    const rank = bytes[3];
    const dims = Array.from({ length: rank }, (_, k) => bytes.readUInt32BE(4 + 4 * k));
    const size = dims.slice(1).reduce((a, b) => a * b, 1);
    if (size !== H * W * C) fail(\`the IDX samples are \${dims.slice(1).join('×')}; the model takes \${H}×\${W}×\${C}\`);
    if (index < 0 || index >= dims[0]) fail(\`--index must be in 0..\${dims[0] - 1}\`);
    const start = 4 + 4 * rank + index * size;
    return bytes.subarray(start, start + size);
  }
  if (bytes.length !== H * W * C) fail(\`a raw sample must be \${H * W * C} bytes, \${path} has \${bytes.length}\`);
  return bytes;
}

`;

/**
 * The pause points: the measuring agent's baseline (the runtime paged in by its trivial model,
 * run as often as a profile runs it and kept alive, garbage collected) and the end of the work.
 * At each, the script names its pid on stderr and waits for a line on stdin, so a reader outside
 * can reset and read /proc/PID/status there; nothing is measured or reported by the script itself.
 */
function nodePause(): string {
  const runs = 1 + DEFAULT_JOB.warmup + DEFAULT_JOB.runs;
  const trivial = Buffer.from(TRIVIAL_MODEL).toString('base64');
  return `const PAUSE = process.env.${PAUSE_ENV} === '1';

function collectGarbage() {
  if (globalThis.gc === undefined) setFlagsFromString('--expose-gc');
  (globalThis.gc ?? runInNewContext('gc'))();
}

function pause(where) {
  // A closed stdin (</dev/null) goes on at once rather than hang.
  const next = process.stdin.readableEnded
    ? Promise.resolve()
    : new Promise((resolve) => process.stdin.once('data', resolve).once('end', resolve));
  process.stderr.write(\`run-node: paused \${where} (pid \${process.pid}); press Enter to go on\\n\`);
  return next;
}

/** Pages the runtime in as the measuring agent does before its baseline (y = Relu(x), x [1, 4]). */
async function pageRuntimeIn(options) {
  const trivial = await ort.InferenceSession.create(Buffer.from('${trivial}', 'base64'), options);
  const feeds = { [trivial.inputNames[0]]: new ort.Tensor('float32', new Float32Array(4), [1, 4]) };
  for (let i = 0; i < ${runs}; i++) {
    await trivial.run(feeds);
    collectGarbage();
  }
  return trivial;
}

`;
}

/** Classifying the sample with the session options the model was measured with. */
function nodeScriptMain(options: SessionOptions): string {
  return `const args = process.argv.slice(2);
const at = args.indexOf('--index');
const index = at >= 0 ? Number(args.splice(at, 2)[1]) : 0;
if (args.length !== 1) fail('usage: node run-node.mjs IMAGE.png|IMAGE.jpg|IDX-FILE [--index N]|SAMPLE.raw');
const sample = await readSample(args[0], index);
const x = new Float32Array(C * H * W);
for (let c = 0; c < C; c++)
  for (let p = 0; p < H * W; p++) x[c * H * W + p] = sample[p * C + c] / 255;
const labels = JSON.parse(readFileSync(here('labels.json'), 'utf8'));
// The session options the model was measured with (see README.md).
const options = ${ortOptions(options, false)};
// Read before the pause, as the measuring agent reads the file before its baseline.
const model = readFileSync(here('model.onnx'));
const paged = PAUSE ? await pageRuntimeIn(options) : undefined;
if (PAUSE) {
  collectGarbage();
  await pause('before loading the model');
}
const session = await ort.InferenceSession.create(model, options);
const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', x, [1, C, H, W]) });
const logits = out[session.outputNames[0]].data;
// Loops over the typed array, not copies of it: the process's peak is the model's, not the JS heap's.
let best = 0;
for (let k = 1; k < logits.length; k++) if (logits[k] > logits[best]) best = k;
let sum = 0;
for (let k = 0; k < logits.length; k++) sum += Math.exp(logits[k] - logits[best]);
console.log(\`\${labels[best]} (class \${best}, probability \${(1 / sum).toFixed(3)})\`);
if (PAUSE) {
  await pause('after classifying');
  await paged.release();
  process.exit(0);
}
`;
}

export function runNodeScript(i: RunnerInput, options: SessionOptions): string {
  return nodeScriptHead(i) + NODE_READ_SAMPLE + nodePause() + nodeScriptMain(options);
}

export function indexHtml(i: RunnerInput, title: string, options: SessionOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body{font:16px system-ui,sans-serif;margin:2rem;max-width:40rem}canvas{image-rendering:pixelated;width:${Math.max(112, i.width * 4)}px;border:1px solid #ccc}#out{font-weight:bold}</style>
</head>
<body>
<h1>${title}</h1>
<p>Pick an image; it is scaled to ${i.width}×${i.height} and classified in this page with onnxruntime-web (files in ./ort/, see README.md).</p>
<input type="file" id="file" accept="image/*">
<p><canvas id="view" width="${i.width}" height="${i.height}"></canvas></p>
<p id="out">loading the model…</p>
<script type="module">
import * as ort from './ort/ort.wasm.min.mjs';
const H = ${i.height}, W = ${i.width}, C = ${i.channels};
const out = document.getElementById('out');
ort.env.wasm.wasmPaths = new URL('./ort/', location.href).href;
ort.env.wasm.numThreads = ${Math.max(1, options.intraOpNumThreads)};
const labels = await (await fetch('labels.json')).json();
const model = new Uint8Array(await (await fetch('model.onnx')).arrayBuffer());
const session = await ort.InferenceSession.create(model, ${ortOptions(options, true)});

/** H·W·C bytes, channels last (what run-node.mjs reads) → { index, label }. */
async function classifyPixels(pixels) {
  const x = new Float32Array(C * H * W);
  for (let c = 0; c < C; c++) for (let p = 0; p < H * W; p++) x[c * H * W + p] = pixels[p * C + c] / 255;
  const result = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', x, [1, C, H, W]) });
  const logits = result[session.outputNames[0]].data;
  let best = 0;
  for (let k = 1; k < logits.length; k++) if (logits[k] > logits[best]) best = k;
  return { index: best, label: labels[best] };
}

document.getElementById('file').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  const bitmap = await createImageBitmap(file);
  const ctx = document.getElementById('view').getContext('2d');
  ctx.drawImage(bitmap, 0, 0, W, H);
  const rgba = ctx.getImageData(0, 0, W, H).data;
  const pixels = new Uint8Array(H * W * C);
  for (let p = 0; p < H * W; p++) for (let c = 0; c < C; c++) pixels[p * C + c] = rgba[p * 4 + c];
  const r = await classifyPixels(pixels);
  out.textContent = r.label + ' (class ' + r.index + ')';
});
window.memnasClassifyPixels = (pixels) => classifyPixels(Uint8Array.from(pixels));
out.textContent = 'ready: pick an image';
window.memnasReady = true;
</script>
</body>
</html>
`;
}
