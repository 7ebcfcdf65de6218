// The deploy's plain figure: the model's batch-1 peak in a plain process (a job with
// environment 'plain'), read from the device's answer only when the device says it measured
// there, so an agent that ignored the option never passes its protocol figure off as plain.
import type { ProfileResult } from '../../profiler-agent/protocol.ts';

export interface PlainPeak {
  /** Null when the device could not measure it; `note` says why. */
  readonly bytes: number | null;
  readonly note?: string;
}

export function plainPeakOf(plain: ProfileResult): PlainPeak {
  const reported = plain.measuringEnvironment;
  if (reported?.name === 'plain') return { bytes: plain.peakMemoryBytes };
  // The browser agent measures in its page, its one environment, and reports none.
  const ownProcess = reported !== undefined || Object.keys(plain.device.measuringEnv ?? {}).length > 0;
  if (!ownProcess) return { bytes: plain.peakMemoryBytes };
  return {
    bytes: null,
    note: `device '${plain.device.name}''s agent measured in its ${reported?.name ?? 'protocol'} environment, not a plain process (it predates plain measurements: update the agent)`,
  };
}
