// The short human-readable summary of a ProfileResult, shared by the agent's CLI and
// `memnas profile` so both print the same table.
import type { ProfileResult } from './protocol.ts';

/** 1234567 → '1.23 MB'; decimal units, as `memnas estimate` prints them. */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  const units = ['B', 'KB', 'MB', 'GB'];
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${sign}${unit === 0 ? value.toFixed(0) : value.toPrecision(3)} ${units[unit]}`;
}

const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/** Columns padded to their widest cell; the first left-aligned, the others right-aligned unless `left`. */
function columns(rows: readonly (readonly string[])[], left = false): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const pad = (cell: string, c: number): string =>
    c === 0 || left ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!);
  return rows.map((r) => r.map(pad).join('  ').trimEnd()).join('\n');
}

/** A measuring environment (DeviceDescription.measuringEnv) as `A=1 B=2`, keys sorted; 'none reported' when empty or absent. */
export function formatEnv(env: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(env ?? {}).sort();
  return keys.length === 0 ? 'none reported' : keys.map((k) => `${k}=${env![k]}`).join(' ');
}

export function formatProfile(r: ProfileResult, label = 'model'): string {
  const d = r.device;
  const s = r.sessionOptions;
  const l = r.latencyMs;
  const m = r.memory;
  // An emulated device's timings are the emulator's: every latency says so beside its figure.
  const emu = d.emulated === true ? ' (emulated)' : '';
  const thp =
    d.transparentHugePages === undefined ? '' : `, transparent huge pages ${d.transparentHugePages}`;
  const head = [
    `${label} (${formatBytes(r.modelBytes)}, sha256 ${r.modelSha256.slice(0, 12)}) on '${d.name}'${emu}: ${d.cpuModel}, ${d.cores} cores, ${d.os} ${d.arch}${thp}, ${r.runtime.name} ${r.runtime.version}`,
    `session: optimization ${s.graphOptimizationLevel}, arena ${s.enableCpuMemArena ? 'on' : 'off'}, memory pattern ${s.enableMemPattern ? 'on' : 'off'}, threads ${s.intraOpNumThreads} intra / ${s.interOpNumThreads} inter, ${s.executionMode}`,
  ];
  const summary = columns(
    [
      ['load', `${ms(r.loadMs)} ms`],
      ['first inference', `${ms(l.first)} ms${emu}`],
      [
        `latency p50 / p90 / p99 (batch ${r.latencyBatch})`,
        `${ms(l.p50)} / ${ms(l.p90)} / ${ms(l.p99)} ms${emu}`,
      ],
      ['latency mean ± std', `${ms(l.mean)} ± ${ms(l.std)} ms over ${r.runs} runs${emu}`],
      ['peak memory (batch 1)', formatBytes(r.peakMemoryBytes)],
      [
        'memory fit',
        m.fit === null
          ? 'needs two batch sizes'
          : `${formatBytes(m.fit.fixedBytes)} fixed + ${formatBytes(m.fit.perSampleBytes)} per sample (r² ${m.fit.r2.toFixed(3)})`,
      ],
    ],
    true,
  );
  // The code column only where the agent could tell (Linux): a column of dashes says nothing.
  const code = r.batches.some((b) => b.codeBytes !== undefined);
  const perBatch = columns([
    ['batch', 'peak memory', ...(code ? ['of it runtime code'] : []), 'p50 latency', 'load'],
    ...r.batches.map((b) => [
      String(b.batch),
      formatBytes(b.peakBytes),
      ...(code ? [b.codeBytes === undefined ? '–' : formatBytes(b.codeBytes)] : []),
      `${ms(b.latencyMs.p50)} ms${emu}`,
      `${ms(b.loadMs)} ms`,
    ]),
  ]);
  const notes = r.notes.map((n) => `note: ${n}`);
  return [...head, '', summary, '', perBatch, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}
