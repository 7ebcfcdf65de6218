#!/usr/bin/env node
// The entry a device runs: `node dist/cli.js profile model.onnx [--json]` measures a model on
// this machine. (`agent --coordinator URL …`, which pulls jobs, will live here too.) Every
// failure is one line on stderr and a non-zero exit.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { batchList, parseFlags, wholeNumber } from './cli-args.ts';
import { DEFAULT_JOB } from './defaults.ts';
import { isCodedError } from './coded-error.ts';
import { AgentError } from './errors.ts';
import { profileLocal } from './local.ts';
import { formatProfile } from './report.ts';

const PROFILE_USAGE =
  'memnas-agent profile <model.onnx> [--json] [--batches 1,8,32] [--runs 50] [--warmup 5] [--timeout-ms MS] [--name NAME]';
const HELP = `memnas profiler agent

usage:
  ${PROFILE_USAGE}
      measure load time, latency (first, p50/p90/p99, mean, std) and peak memory at each batch
      size, each batch in a fresh process, on this machine`;

function readModel(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AgentError(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'USAGE',
      code === 'ENOENT' ? `no such file: ${path}` : `cannot read ${path}: ${code ?? String(e)}`,
    );
  }
}

async function profile(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      json: { type: 'boolean' },
      batches: { type: 'string' },
      runs: { type: 'string' },
      warmup: { type: 'string' },
      'timeout-ms': { type: 'string' },
      name: { type: 'string' },
    },
    PROFILE_USAGE,
  );
  if (positionals.length !== 1)
    throw new AgentError('USAGE', `expected one model file (usage: ${PROFILE_USAGE})`);
  const path = positionals[0]!;
  const result = await profileLocal(readModel(path), {
    batches: batchList(values.batches, '--batches', DEFAULT_JOB.batches),
    runs: wholeNumber(values.runs, '--runs', DEFAULT_JOB.runs),
    warmup: wholeNumber(values.warmup, '--warmup', DEFAULT_JOB.warmup, 0),
    timeoutMs: wholeNumber(values['timeout-ms'], '--timeout-ms', DEFAULT_JOB.timeoutMs),
    ...(values.name === undefined ? {} : { name: values.name }),
  });
  console.log(values.json ? JSON.stringify(result, null, 2) : formatProfile(result, basename(path)));
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return command === undefined ? 2 : 0;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  if (command === 'profile') return profile(rest);
  throw new AgentError('USAGE', `unknown command '${command}' (commands: profile)`);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  // Every error raised on purpose shares CodedError: its message and code, on one line.
  if (isCodedError(e)) {
    console.error(`memnas-agent: ${e.message.replace(/\n/g, ' ')} [${e.code}]`);
    process.exitCode = e.code === 'USAGE' ? 2 : 1;
  } else {
    console.error(
      `memnas-agent: internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
    );
    process.exitCode = 1;
  }
}
