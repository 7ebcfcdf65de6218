// Flag parsing for the agent's CLI: node's parseArgs, strict, failures as one-line USAGE errors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AgentError } from './errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<T extends Options>(argv: readonly string[], options: T, usage: string) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (e) {
    const message =
      e instanceof Error ? e.message.split('\n')[0]!.replace(/^TypeError \[[A-Z_]+\]: /, '') : String(e);
    throw new AgentError('USAGE', `${message} (usage: ${usage})`);
  }
}

export function wholeNumber(value: string | undefined, flag: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new AgentError('USAGE', `${flag} takes a whole number ≥ ${min}, got '${value}'`);
  return n;
}

/** '1,8,32' → [1, 8, 32]; positive whole numbers, no duplicates. */
export function batchList(value: string | undefined, flag: string, fallback: readonly number[]): number[] {
  if (value === undefined) return [...fallback];
  const parts = value.split(',').map((p) => p.trim());
  const list = parts.map((p) => Number(p));
  if (parts.some((p) => p === '') || list.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new AgentError(
      'USAGE',
      `${flag} takes positive whole numbers separated by commas, like 1,8,32; got '${value}'`,
    );
  }
  if (new Set(list).size !== list.length)
    throw new AgentError('USAGE', `${flag} lists a batch size twice: '${value}'`);
  return list;
}
