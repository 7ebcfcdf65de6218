// `memnas-agent profile <model.onnx>`: measures one model on this machine, no coordinator.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { batchList, parseFlags, wholeNumber } from './cli-args.ts';
import { DEFAULT_JOB } from './defaults.ts';
import { AgentError } from './errors.ts';
import { profileLocal } from './local.ts';
import { formatProfile } from './report.ts';

export const PROFILE_USAGE =
  'memnas-agent profile <model.onnx> [--json] [--batches 1,8,32] [--runs 50] [--warmup 5] [--timeout-ms MS] [--name NAME]';

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

/** Profiles the model the arguments name and prints the result; resolves to the exit code. */
export async function profileCommand(argv: readonly string[]): Promise<number> {
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
