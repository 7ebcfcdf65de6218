// The list of memnas commands.
import type { Command } from './command.ts';
import { AGENT_USAGE, SERVE_USAGE, USAGE } from './usage.ts';

export const commands: Record<string, Command> = {
  search: {
    summary:
      'grow-trim search for the most accurate network within a memory budget; --resume continues a killed run',
    usage: USAGE.search,
    run: async (argv) => (await import('./search.ts')).runSearch(argv),
  },
  estimate: {
    summary:
      'analytic memory of an architecture JSON or any ONNX file (parameters, peak activations, best order)',
    usage: USAGE.estimate,
    run: async (argv) => (await import('./estimate.ts')).runEstimate(argv),
  },
  train: {
    summary: 'train one architecture on a dataset; writes weights for `memnas export --weights`',
    usage: USAGE.train,
    run: async (argv) => (await import('./train.ts')).runTrain(argv),
  },
  export: {
    summary:
      'architecture JSON (+ trained weights) → lean ONNX, optionally verified against tfjs in onnxruntime-node',
    usage: USAGE.export,
    run: async (argv) => (await import('./export.ts')).runExport(argv),
  },
  profile: {
    summary:
      'measure an ONNX model on a device: load time, latency p50/p90/p99, peak memory per batch with a fixed + per-sample fit',
    usage: USAGE.profile,
    run: async (argv) => (await import('./profile.ts')).runProfile(argv),
  },
  deploy: {
    summary:
      "run a search's winning model on a device: whole test set on-device vs host accuracy, peak memory, latency, and a deploy bundle",
    usage: USAGE.deploy,
    run: async (argv) => (await import('./deploy.ts')).runDeploy(argv),
  },
  report: {
    summary:
      'a search run as one self-contained HTML page: Pareto front, lineage, measured vs estimated memory',
    usage: USAGE.report,
    run: async (argv) => (await import('./report.ts')).runReport(argv),
  },
  calibrate: {
    summary:
      "fit a device's memory and latency model from generated models profiled on it; prints its held-out error",
    usage: USAGE.calibrate,
    run: async (argv) => (await import('./calibrate.ts')).runCalibrate(argv),
  },
  serve: {
    summary:
      'run the device coordinator: registry, persisted job queue, results (token from MEMNAS_TOKEN or generated)',
    usage: SERVE_USAGE,
    run: async (argv) => (await import('./serve.ts')).runServe(argv),
  },
  agent: {
    summary: 'run a Node profiler agent that pulls profiling jobs from a coordinator',
    usage: AGENT_USAGE,
    run: async (argv) => (await import('./agent.ts')).runAgent(argv),
  },
};
