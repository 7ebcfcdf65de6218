// `memnas profile`: measures an ONNX model — load time, latency, peak memory at several batch
// sizes with its fixed and per-sample parts — on this machine (`--device local`), with the same
// code the Node profiler agent runs on a device, or on a device behind a coordinator.
import { basename } from 'node:path';
import { DEFAULT_JOB } from '../../profiler-agent/defaults.ts';
import { type AgentError, isAgentError } from '../../profiler-agent/errors.ts';
import { profileLocal } from '../../profiler-agent/local.ts';
import type { AgentErrorCode, ProfileResult } from '../../profiler-agent/protocol.ts';
import { formatBytes, formatProfile } from '../../profiler-agent/report.ts';
import { type ErrorCode, MemnasError } from '../../search/errors.ts';
import { nonNegativeInt, parseFlags, positiveInt } from '../args.ts';
import { readBytes } from '../read-input.ts';
import { USAGE as USAGES } from './usage.ts';

const USAGE = USAGES.profile;

/** Agent error codes as the main CLI's codes (search/errors.ts), so exit codes and messages match. */
const CODES: Record<AgentErrorCode, ErrorCode> = {
  USAGE: 'USAGE',
  FILE_NOT_FOUND: 'FILE_NOT_FOUND',
  MODEL_INVALID: 'ONNX_INVALID',
  MODEL_UNSUPPORTED: 'ONNX_SHAPE',
  MODEL_TOO_LARGE: 'USAGE',
  RUNTIME_UNAVAILABLE: 'RUNTIME_UNAVAILABLE',
  MEASURE_FAILED: 'WORKER_FAILED',
  TIMEOUT: 'WORKER_FAILED',
  PROTOCOL_INVALID: 'INTERNAL',
  INTERNAL: 'INTERNAL',
};

function asMemnasError(e: AgentError): MemnasError {
  return new MemnasError(CODES[e.code], e.message, { cause: e });
}

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

export async function runProfile(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      device: { type: 'string' },
      json: { type: 'boolean' },
      batches: { type: 'string' },
      runs: { type: 'string' },
      warmup: { type: 'string' },
      coordinator: { type: 'string' },
      token: { type: 'string' },
    },
    USAGE,
  );
  if (positionals.length !== 1) throw new MemnasError('USAGE', `expected one model file (usage: ${USAGE})`);
  const device = values.device ?? 'local';
  const batches = parseBatches(values.batches);
  const runs = positiveInt(values.runs, '--runs', DEFAULT_JOB.runs);
  const warmup = nonNegativeInt(values.warmup, '--warmup', DEFAULT_JOB.warmup);
  const token = values.token ?? process.env.MEMNAS_TOKEN;
  if (device !== 'local') {
    if (values.coordinator === undefined) {
      throw new MemnasError(
        'USAGE',
        `profiling on device '${device}' needs a coordinator (--coordinator URL); use --device local`,
      );
    }
    if (token === undefined)
      throw new MemnasError('USAGE', '--token T (or MEMNAS_TOKEN) is required with --coordinator');
  }
  const path = positionals[0]!;
  const bytes = readBytes(path);
  let result: ProfileResult;
  if (device !== 'local') {
    // Lazy: the client is only loaded when a coordinator is used.
    const { parseDeviceTarget, profileOnCoordinator } = await import('../../devices/client.ts');
    result = await profileOnCoordinator(bytes, {
      coordinator: values.coordinator!,
      token: token!,
      ...parseDeviceTarget(device),
      batches,
      runs,
      warmup,
    });
  } else {
    const onBatch = progress(values.json === true);
    try {
      result = await profileLocal(bytes, { batches, runs, warmup, ...(onBatch ? { onBatch } : {}) });
    } catch (e) {
      throw isAgentError(e) ? asMemnasError(e) : e;
    }
  }
  console.log(values.json ? JSON.stringify(result, null, 2) : formatProfile(result, basename(path)));
  return 0;
}
