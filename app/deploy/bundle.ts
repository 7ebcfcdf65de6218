// The deploy bundle's files: the model, its labels, the two runners, a package.json pinning the
// runtimes memnas itself was measured with (its start script runs the Node runner as the device
// measured it, start-command.ts), and a README with the measured figures and the device's identity.
import type { DeviceDescription } from '../../profiler-agent/protocol.ts';
import { bundleReadme } from './bundle-readme.ts';
import { indexHtml, ORT_WEB_FILES, type RunnerInput, runNodeScript } from './runner-templates.ts';
import { type MeasuredProcess, startCommand } from './start-command.ts';
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
  /**
   * The same model's batch-1 peak in a plain process (no environment variables or node flags),
   * measured on the device; null when the device could not measure one (plainNote says why).
   */
  readonly plainPeakMemoryBytes: number | null;
  readonly plainNote?: string;
  /** The process the peak was measured in (start-command.ts); absent for a browser device. */
  readonly measuredProcess?: MeasuredProcess;
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

function packageJson(name: string, start: string): string {
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
          start,
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
    'package.json': packageJson(`memnas-${figures.runName}`, startCommand(figures.measuredProcess)),
    'README.md': bundleReadme(figures, input),
  };
}
