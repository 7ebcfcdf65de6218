// Flag parsing for every command: node's parseArgs, strict, driven by the command's declared
// flags (cli/flags.ts), with failures turned into one-line USAGE errors, plus typed readers for
// numbers and byte sizes.
import { parseArgs } from 'node:util';
import { MemnasError } from '../search/errors.ts';
import { type CommandSpec, type Flags, optionsOf, synopsis } from './flags.ts';

/** Parses `argv` by the flags `spec` declares; an unknown flag or a missing value is a USAGE error. */
export function parseFlags<F extends Flags>(argv: readonly string[], spec: CommandSpec<F>) {
  const options = optionsOf(spec.flags);
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (e) {
    const message =
      e instanceof Error ? e.message.split('\n')[0]!.replace(/^TypeError \[[A-Z_]+\]: /, '') : String(e);
    throw new MemnasError('USAGE', `${message} (usage: ${synopsis(spec)})`);
  }
}

export function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new MemnasError('USAGE', `${flag} takes a positive whole number, got '${value}'`);
  return n;
}

export function nonNegativeInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new MemnasError('USAGE', `${flag} takes a whole number ≥ 0, got '${value}'`);
  return n;
}

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** '300KB' → 300000, '1.5MiB' → 1572864. KB/MB are decimal (1000), KiB/MiB binary (1024). */
export function byteSize(value: string, flag: string): number {
  const m = /^\s*([0-9]*\.?[0-9]+)\s*([a-zA-Z]*)\s*$/.exec(value);
  const unit = UNITS[(m?.[2] || 'b').toLowerCase()];
  if (!m || unit === undefined) {
    throw new MemnasError('USAGE', `${flag} takes a size like 300KB, 1.5MB or 262144, got '${value}'`);
  }
  return Math.round(Number(m[1]) * unit);
}
