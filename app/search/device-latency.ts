// A device's latency in the search (`--latency-budget`), beside its memory (device-oracle.ts):
// before training a candidate's batch-1 p50 is predicted — by the device's stored calibration when
// it has a latency fit, else by a line through the measurements so far (search/loop/latency-line.ts)
// — and after training the p50 measured in the same profile as its peak replaces the prediction.
// Predictors sit behind search/loop/latency-oracle.ts's LatencyPredictor; the calibration's is per
// fused-kernel class (search/calibration/latency-fit.ts), on the candidate's lean export.
import { exportGraph } from '../../exporter/export-model.ts';
import { serializeGraph } from '../../exporter/serialize.ts';
import { randomWeights } from '../../search/architecture/random-weights.ts';
import type { Architecture } from '../../search/architecture/types.ts';
import type { FusedKernelTable } from '../../search/calibration/fused-kernels.ts';
import type { GraphFigures } from '../../search/calibration/figures.ts';
import type { RuntimeKernelTable } from '../../search/calibration/runtime-kernels.ts';
import { type CalibrationFit, predictLatencyMs } from '../../search/calibration/model.ts';
import { MemnasError } from '../../search/errors.ts';
import { lineLatencyPredictor } from '../../search/loop/latency-line.ts';
import type { LatencyOracle, LatencyPredictor } from '../../search/loop/latency-oracle.ts';
import { kernelTable } from '../calibrate/kernel-figures.ts';

/** Equal keys: the same network up to its name (so the same device peak and latency). */
export function structureKey(arch: Architecture): string {
  return JSON.stringify([arch.input, arch.nodes, arch.output]);
}

/**
 * The fused-kernel table of the candidate's lean export (batch norms folded, duplicates removed:
 * what the search deploys), without the export's memory reordering, which the table does not read.
 */
export function candidateKernels(arch: Architecture): FusedKernelTable {
  return kernelTable(candidateBytes(arch));
}

/** The candidate's lean export as ONNX bytes (the file candidateKernels reads). */
export function candidateBytes(arch: Architecture): Uint8Array {
  const { graph } = exportGraph(arch, randomWeights(arch, 0), { reorder: false });
  return serializeGraph(graph);
}

/** The device runtime's kernel table of a candidate (app/calibrate/runtime-kernels.ts), or null. */
export type RuntimeTables = (arch: Architecture) => Promise<RuntimeKernelTable | null>;

/**
 * The calibration's latency model on the candidate's exported-graph figures. `fit` is read at
 * each prediction: the search refines the stored fit as it measures. Figures without a
 * fused-kernel table (the memory oracle's) get the candidate's own, computed once per structure;
 * with `runtimeTables`, `prepare` adds the device runtime's kernel table, which the fit's runtime
 * model reads (model.ts predictLatencyMs).
 */
export function calibrationLatencyPredictor(
  fit: () => CalibrationFit,
  figuresOf: (arch: Architecture) => GraphFigures,
  kernelsOf: (arch: Architecture) => FusedKernelTable = candidateKernels,
  runtimeTables?: RuntimeTables,
): LatencyPredictor {
  const tables = new Map<string, FusedKernelTable>();
  const runtime = new Map<string, RuntimeKernelTable | null>();
  const withKernels = (arch: Architecture): GraphFigures => {
    const key = structureKey(arch);
    let f = figuresOf(arch);
    if (f.fusedKernels === undefined) {
      let table = tables.get(key);
      if (table === undefined) {
        table = kernelsOf(arch);
        tables.set(key, table);
      }
      f = { ...f, fusedKernels: table };
    }
    const own = runtime.get(key) ?? null;
    return own === null ? f : { ...f, runtimeKernels: own };
  };
  return {
    name: 'calibration',
    predict: (arch) => predictLatencyMs(fit(), withKernels(arch), 1),
    // Its fit is refined through the calibration store, not here.
    observe: () => {},
    ...(runtimeTables === undefined
      ? {}
      : {
          prepare: async (arch: Architecture) => {
            const key = structureKey(arch);
            if ((fit().runtimeLatency ?? null) === null || runtime.has(key)) return;
            runtime.set(key, await runtimeTables(arch));
          },
        }),
  };
}

/** A latency oracle over `predictor`, and the hook the device's measurements report through. */
export function deviceLatency(predictor: LatencyPredictor): {
  oracle: LatencyOracle;
  record: (arch: Architecture, ms: number) => void;
} {
  const measured = new Map<string, number>();
  const oracle: LatencyOracle = {
    predictor: predictor.name,
    measured: (arch) => measured.get(structureKey(arch)) ?? null,
    predict: (arch) => measured.get(structureKey(arch)) ?? predictor.predict(arch),
    ...(predictor.prepare === undefined ? {} : { prepare: predictor.prepare }),
  };
  const record = (arch: Architecture, ms: number): void => {
    if (!(ms > 0)) return;
    measured.set(structureKey(arch), ms);
    predictor.observe(arch, ms);
  };
  return { oracle, record };
}

/** The calibration's predictor when its fit has a latency part, else the line through the measurements. */
export function latencyPredictorFor(
  fit: (() => CalibrationFit) | null,
  figuresOf: (arch: Architecture) => GraphFigures,
  runtimeTables?: RuntimeTables,
): LatencyPredictor {
  return fit !== null && fit().latency !== null
    ? calibrationLatencyPredictor(fit, figuresOf, candidateKernels, runtimeTables)
    : lineLatencyPredictor();
}

/** Whether a device says it is emulated (read defensively: agents before the field omit it). */
export function isEmulated(device: unknown): boolean {
  return (
    typeof device === 'object' && device !== null && (device as { emulated?: unknown }).emulated === true
  );
}

/** The one-line refusal of `--latency-budget` against an emulated device. */
export function emulatedLatencyError(device: string): MemnasError {
  return new MemnasError(
    'USAGE',
    `device '${device}' is emulated (emulated: true): its latency is not the real device's, so --latency-budget cannot be checked on it; drop --latency-budget or choose a real device`,
  );
}
