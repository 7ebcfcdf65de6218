// The deploy bundle's files: the model, its labels, the two runners, a package.json pinning the
// runtimes memnas itself was measured with, and a README with the measured figures and the
// device's identity.
import type { DeviceDescription } from '../../profiler-agent/protocol.ts';
import { formatBytes, formatEnv } from '../../profiler-agent/report.ts';
import { indexHtml, ORT_WEB_FILES, type RunnerInput, runNodeScript } from './runner-templates.ts';
import { packageManifest } from '../package-manifest.ts';
import { escapeHtml } from '../report/escape.ts';

export interface BundleFigures {
  readonly runName: string;
  readonly dataset: string;
  readonly testImages: number;
  readonly onDeviceAccuracy: number;
  readonly hostAccuracy: number;
  readonly hostBackend: string;
  /** Images whose top-1 class differs between device and host. */
  readonly disagreements: number;
  readonly peakMemoryBytes: number;
  /** Of the peak, the runtime's code pages (BatchMeasurement.codeBytes); absent where not measured. */
  readonly codeBytes?: number;
  readonly latencyMs: number;
  readonly latencyP90Ms: number;
  readonly memoryMethod: string;
  readonly device: DeviceDescription;
  readonly analytic: {
    readonly paramBytes: number;
    readonly peakActivationBytes: number;
    readonly totalBytes: number;
  };
}

function pinned(): Record<string, string> {
  const deps = packageManifest().dependencies;
  const pick = (name: string): string => deps[name] ?? 'latest';
  return {
    'onnxruntime-node': pick('onnxruntime-node'),
    'onnxruntime-web': pick('onnxruntime-web'),
    pngjs: pick('pngjs'),
    'jpeg-js': pick('jpeg-js'),
  };
}

function packageJson(name: string): string {
  const deps = pinned();
  const copy = ORT_WEB_FILES.map((f) => `'${f}'`).join(',');
  return (
    JSON.stringify(
      {
        name:
          name
            .toLowerCase()
            .replace(/[^a-z0-9-]+/g, '-')
            .replace(/^-+|-+$/g, '') || 'memnas-model',
        version: '1.0.0',
        private: true,
        type: 'module',
        description: 'A memnas model with minimal runners for onnxruntime-node and onnxruntime-web',
        scripts: {
          classify: 'node run-node.mjs',
          'setup-web': `node -e "const fs=require('fs');fs.mkdirSync('ort',{recursive:true});for(const f of [${copy}])fs.copyFileSync('node_modules/onnxruntime-web/dist/'+f,'ort/'+f)"`,
        },
        dependencies: deps,
      },
      null,
      2,
    ) + '\n'
  );
}

const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;

/**
 * Where the agent measured with an environment of its own (the Node agent pins allocator
 * settings, profiler-agent/measure/run-child.ts), how to run the model so that the measured peak
 * holds: a process started without them can land above or below it.
 */
function measuringEnvNote(f: BundleFigures): string {
  if (Object.keys(f.device.measuringEnv ?? {}).length === 0) return '';
  const env = formatEnv(f.device.measuringEnv);
  return `
The peak above was measured in a process started with \`${env}\` (the Node agent: glibc's mmap
threshold at one page, so the resident size is what the model allocates; one libuv pool thread).
On Linux, start the runner the same way to hold to it — \`${env} node run-node.mjs …\` — or your
own program with the same variables; with glibc's defaults the model's allocations share the
heap the process already has, and its resident size can come out lower or higher.
`;
}

function readme(f: BundleFigures, input: RunnerInput): string {
  const d = f.device;
  return `# ${f.runName}: deploy bundle

The winning model of the memnas search \`${f.runName}\` (dataset \`${f.dataset}\`), measured on device \`${d.name}\`.

| | |
|---|---|
| on-device accuracy (${f.testImages} test images, ${d.runtime.name} ${d.runtime.version}) | ${pct(f.onDeviceAccuracy)} |
| host accuracy (tfjs ${f.hostBackend}, same weights and images) | ${pct(f.hostAccuracy)} |
| images classified differently on device and host | ${f.disagreements} |
| peak memory at batch 1 (${f.memoryMethod}, above the runtime's own baseline) | ${formatBytes(f.peakMemoryBytes)} (${f.peakMemoryBytes} bytes) |
${f.codeBytes === undefined ? '' : `| of it, the runtime's code this model pages in (mapped from its library: shared with other processes, reclaimable) | ${formatBytes(f.codeBytes)} |\n`}| latency at batch 1, p50 / p90 | ${f.latencyMs.toFixed(3)} ms / ${f.latencyP90Ms.toFixed(3)} ms |
| analytic memory (parameters + peak activations) | ${formatBytes(f.analytic.paramBytes)} + ${formatBytes(f.analytic.peakActivationBytes)} = ${formatBytes(f.analytic.totalBytes)} |

Device: ${d.name} — ${d.cpuModel}, ${d.cores} cores, ${formatBytes(d.memoryBytes)} RAM, ${d.os} ${d.arch}; session options ${JSON.stringify(d.sessionOptions)}.

## Files

- \`model.onnx\` — the model: input \`[N, ${input.channels}, ${input.height}, ${input.width}]\` float32 (pixels / 255, NCHW), output one score per class.
- \`labels.json\` — class names, in output order.
- \`run-node.mjs\` — classify one input with onnxruntime-node.
- \`index.html\` — classify an image in a browser with onnxruntime-web.
- \`package.json\` — pins the runtimes this model was measured with.

## onnxruntime-node

\`\`\`sh
npm install
node run-node.mjs picture.png            # PNG/JPEG of ${input.width}×${input.height}
node run-node.mjs t10k-images-idx3-ubyte.gz --index 0   # one sample of an IDX file
node run-node.mjs sample.raw             # ${input.height * input.width * input.channels} bytes, ${input.height}×${input.width}×${input.channels}
\`\`\`
${measuringEnvNote(f)}
## onnxruntime-web

The page loads onnxruntime-web from its own \`ort/\` folder, never from a CDN, so it works offline.
Put these files of the pinned onnxruntime-web into \`ort/\`: ${ORT_WEB_FILES.map((f) => `\`${f}\``).join(', ')}
(\`npm install && npm run setup-web\` copies them from \`node_modules/onnxruntime-web/dist/\`). Then serve
the folder over HTTP (browsers refuse WebAssembly and modules from \`file://\`), e.g.
\`python3 -m http.server 8000\`, and open http://localhost:8000/.
`;
}

export function bundleFiles(
  model: Uint8Array,
  labels: readonly string[],
  input: RunnerInput,
  figures: BundleFigures,
): Record<string, Uint8Array | string> {
  return {
    'model.onnx': model,
    'labels.json': JSON.stringify(labels, null, 2) + '\n',
    'run-node.mjs': runNodeScript(input, figures.device.sessionOptions),
    'index.html': indexHtml(input, escapeHtml(`memnas: ${figures.runName}`), figures.device.sessionOptions),
    'package.json': packageJson(`memnas-${figures.runName}`),
    'README.md': readme(figures, input),
  };
}
