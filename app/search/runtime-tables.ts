// The device runtime's kernel tables of the search's candidates, for the calibration's runtime
// latency model: computed on this machine when it reproduces the calibrated device's runtime
// (app/calibrate/runtime-kernels.ts), null for every candidate otherwise.
import type { DeviceDescription } from '../../profiler-agent/protocol.ts';
import { type RuntimeGraphSource, hostRuntimeGraph } from '../calibrate/runtime-kernels.ts';
import { type RuntimeTables, candidateBytes } from './device-latency.ts';

export function hostRuntimeTables(device: DeviceDescription | undefined): RuntimeTables {
  let source: Promise<RuntimeGraphSource | null> | undefined;
  return async (arch) => {
    source ??= hostRuntimeGraph(device);
    const graphs = await source;
    return graphs === null ? null : graphs.table(candidateBytes(arch));
  };
}
