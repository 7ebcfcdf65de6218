// The deploy bundle's README: the measured figures (accuracy, the peak under the agent's
// measuring process and in a plain one, latency), how to run the model so the figure holds
// (`npm start`, start-command.ts), how to check the peak from outside the process, and the web
// runner. bundle.ts writes it with the other files.
import { formatBytes } from '../../profiler-agent/report.ts';
import type { BundleFigures } from './bundle.ts';
import { PAUSE_ENV, ORT_WEB_FILES, type RunnerInput } from './runner-templates.ts';
import { startCommand, startCommandNotes } from './start-command.ts';

const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;

const bytes = (n: number): string => `${formatBytes(n)} (${n} bytes)`;

/** The plain figure's row: measured, or why not. */
function plainRow(f: BundleFigures): string {
  const what =
    'peak memory at batch 1 in a plain process (`node run-node.mjs`: default allocator, JIT and thread pool), measured on the device';
  return `| ${what} | ${f.plainPeakMemoryBytes === null ? `not measured: ${f.plainNote ?? 'no figure'}` : bytes(f.plainPeakMemoryBytes)} |`;
}

function figuresTable(f: BundleFigures): string {
  const d = f.device;
  return `| | |
|---|---|
| on-device accuracy (${f.testImages} test images, ${d.runtime.name} ${d.runtime.version}) | ${pct(f.onDeviceAccuracy)} |
| host accuracy (tfjs ${f.hostBackend}, same weights and images) | ${pct(f.hostAccuracy)} |
| images classified differently on device and host | ${f.disagreements} |
| peak memory at batch 1 (${f.memoryMethod}, above the runtime's own baseline; the process \`npm start\` starts) | ${bytes(f.peakMemoryBytes)} |
${f.codeBytes === undefined ? '' : `| of it, the runtime's code this model pages in (mapped from its library: shared with other processes, reclaimable) | ${formatBytes(f.codeBytes)} |\n`}${plainRow(f)}
| latency at batch 1, p50 / p90${d.emulated === true ? " (an emulated device: the emulator's timing, not a device's)" : ''} | ${f.latencyMs.toFixed(3)} ms / ${f.latencyP90Ms.toFixed(3)} ms |
| analytic memory (parameters + peak activations) | ${formatBytes(f.analytic.paramBytes)} + ${formatBytes(f.analytic.peakActivationBytes)} = ${formatBytes(f.analytic.totalBytes)} |`;
}

function nodeSection(f: BundleFigures, input: RunnerInput): string {
  const start = startCommand(f.measuredProcess);
  return `## onnxruntime-node

\`\`\`sh
npm install
npm start -- picture.png            # PNG/JPEG of ${input.width}×${input.height}
npm start -- t10k-images-idx3-ubyte.gz --index 0   # one sample of an IDX file
npm start -- sample.raw             # ${input.height * input.width * input.channels} bytes, ${input.height}×${input.width}×${input.channels}
\`\`\`

${startCommandNotes(f.measuredProcess)}

## Checking the peak

The peak is the rise of the process's resident memory over its size once onnxruntime is paged
in and before the model is loaded (the agent's baseline): on Linux, the high-water mark VmHWM in
\`/proc/PID/status\`. With \`${PAUSE_ENV}=1\` the runner pages the runtime in as the agent does,
then stops before loading the model and again after classifying, naming its pid on stderr; each
time, Enter lets it go on. Read the figures from another shell:

\`\`\`sh
${PAUSE_ENV}=1 npm start -- sample.raw     # or: ${PAUSE_ENV}=1 node run-node.mjs sample.raw (plain)
# at "paused before loading the model (pid PID)":
echo 5 > /proc/PID/clear_refs; grep VmHWM /proc/PID/status    # the baseline (HWM reset to the current size)
# press Enter; at "paused after classifying (pid PID)":
grep VmHWM /proc/PID/status                                    # minus the baseline: the peak
\`\`\`

\`npm start\` is \`${start}\`.
`;
}

export function bundleReadme(f: BundleFigures, input: RunnerInput): string {
  const d = f.device;
  return `# ${f.runName}: deploy bundle

The winning model of the memnas search \`${f.runName}\` (dataset \`${f.dataset}\`), measured on device \`${d.name}\`.

${figuresTable(f)}

Device: ${d.name} — ${d.cpuModel}, ${d.cores} cores, ${formatBytes(d.memoryBytes)} RAM, ${d.os} ${d.arch}; session options ${JSON.stringify(d.sessionOptions)}.

## Files

- \`model.onnx\` — the model: input \`[N, ${input.channels}, ${input.height}, ${input.width}]\` float32 (pixels / 255, NCHW), output one score per class.
- \`labels.json\` — class names, in output order.
- \`run-node.mjs\` — classify one input with onnxruntime-node.
- \`index.html\` — classify an image in a browser with onnxruntime-web.
- \`package.json\` — pins the runtimes this model was measured with; \`npm start\` runs the Node runner as it was measured.
- \`deploy.json\` — every figure above, with the device's whole profiles (written by \`memnas deploy\`).

${nodeSection(f, input)}
## onnxruntime-web

The page loads onnxruntime-web from its own \`ort/\` folder, never from a CDN, so it works offline.
Put these files of the pinned onnxruntime-web into \`ort/\`: ${ORT_WEB_FILES.map((w) => `\`${w}\``).join(', ')}
(\`npm install && npm run setup-web\` copies them from \`node_modules/onnxruntime-web/dist/\`). Then serve
the folder over HTTP (browsers refuse WebAssembly and modules from \`file://\`), e.g.
\`python3 -m http.server 8000\`, and open http://localhost:8000/.
`;
}
