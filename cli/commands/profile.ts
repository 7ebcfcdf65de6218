// `memnas profile`: measures an ONNX model — load time, latency, peak memory at several batch
// sizes with its fixed and per-sample parts — on this machine (`--device local`), with the same
// code the Node profiler agent runs on a device, or on a device behind a coordinator.
import { basename } from 'node:path';
import { type ProfileConfig, profileModel } from '../../app/profile/profile.ts';
import { DEFAULT_JOB } from '../../profiler-agent/defaults.ts';
import type { ProfileResult } from '../../profiler-agent/protocol.ts';
import { formatBytes, formatProfile } from '../../profiler-agent/report.ts';
import { MemnasError } from '../../search/errors.ts';
import { nonNegativeInt, parseFlags, positiveInt } from '../args.ts';
import { readBytes } from '../../app/read-input.ts';
import { synopsis } from '../flags.ts';
import { profileSpec } from '../specs/profile.ts';

const USAGE = synopsis(profileSpec);

/** '1,8,32' → [1, 8, 32]. */
export function parseBatches(value: string | undefined): number[] {
  if (value === undefined) return [...DEFAULT_JOB.batches];
  const list = value.split(',').map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (list.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new MemnasError(
      'USAGE',
      `--batches takes positive whole numbers separated by commas, like 1,8,32; got '${value}'`,
    );
  }
  if (new Set(list).size !== list.length)
    throw new MemnasError('USAGE', `--batches lists a batch size twice: '${value}'`);
  return list;
}

function progress(json: boolean): ((m: ProfileResult['batches'][number]) => void) | undefined {
  if (json || !process.stderr.isTTY) return undefined;
  return (m) =>
    process.stderr.write(
      `  batch ${m.batch}: peak ${formatBytes(m.peakBytes)}, p50 ${m.latencyMs.p50.toFixed(2)} ms\n`,
    );
}

export function parseProfileConfig(
  argv: readonly string[],
): ProfileConfig & { readonly path: string; readonly json: boolean } {
  const { values, positionals } = parseFlags(argv, profileSpec);
  if (positionals.length !== 1) throw new MemnasError('USAGE', `expected one model file (usage: ${USAGE})`);
  const device = values.device ?? 'local';
  const batches = parseBatches(values.batches);
  const runs = positiveInt(values.runs, '--runs', DEFAULT_JOB.runs);
  const warmup = nonNegativeInt(values.warmup, '--warmup', DEFAULT_JOB.warmup);
  const token = values.token ?? process.env.MEMNAS_TOKEN;
  const coordinator = values.coordinator ?? (process.env.MEMNAS_COORDINATOR || undefined);
  if (device !== 'local') {
    if (coordinator === undefined) {
      throw new MemnasError(
        'USAGE',
        `profiling on device '${device}' needs a coordinator (--coordinator URL or MEMNAS_COORDINATOR); use --device local`,
      );
    }
    if (token === undefined)
      throw new MemnasError('USAGE', '--token T (or MEMNAS_TOKEN) is required with --coordinator');
  }
  const path = positionals[0]!;
  return Object.freeze({
    path,
    bytes: readBytes(path),
    device,
    batches,
    runs,
    warmup,
    coordinator,
    token,
    json: values.json === true,
  });
}

export async function runProfile(argv: readonly string[]): Promise<number> {
  const c = parseProfileConfig(argv);
  const result = await profileModel(c, progress(c.json));
  console.log(c.json ? JSON.stringify(result, null, 2) : formatProfile(result, basename(c.path)));
  return 0;
}
