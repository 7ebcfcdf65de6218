// `memnas search` flags parsed once into a frozen options object, with the documented defaults.
import { MemnasError } from '../../search/errors.ts';
import { byteSize, nonNegativeInt, parseFlags, positiveInt } from '../args.ts';
import { USAGE } from '../commands/usage.ts';
import { PICKERS, type PickerName, type SearchOptions } from '../../app/search/config.ts';
import { objectiveByName } from '../../search/objective/all-objectives.ts';
import type { ObjectiveName } from '../../search/objective/types.ts';

export const SEARCH_USAGE = USAGE.search;

/** '30m', '90s', '1.5h', '45' (seconds). */
export function parseDuration(value: string, flag: string): number {
  const m = /^\s*([0-9]*\.?[0-9]+)\s*(s|sec|m|min|h)?\s*$/i.exec(value);
  if (m === null || !(Number(m[1]) > 0))
    throw new MemnasError('USAGE', `${flag} takes a duration like 30m, 90s or 1h, got '${value}'`);
  const unit = (m[2] ?? 's').toLowerCase();
  return Number(m[1]) * (unit.startsWith('h') ? 3600 : unit.startsWith('m') ? 60 : 1);
}

export function parseSearchOptions(argv: readonly string[]): SearchOptions {
  const { values, positionals } = parseFlags(
    argv,
    {
      dataset: { type: 'string' },
      'memory-budget': { type: 'string' },
      lambda: { type: 'string' },
      objective: { type: 'string' },
      picker: { type: 'string' },
      device: { type: 'string' },
      'time-budget': { type: 'string' },
      out: { type: 'string' },
      resume: { type: 'boolean' },
      json: { type: 'boolean' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      coordinator: { type: 'string' },
      token: { type: 'string' },
    },
    SEARCH_USAGE,
  );
  if (positionals.length > 0)
    throw new MemnasError('USAGE', `unexpected argument '${positionals[0]}' (usage: ${SEARCH_USAGE})`);
  let lambda: number | undefined;
  if (values.lambda !== undefined) {
    lambda = Number(values.lambda);
    if (!(lambda >= 0 && lambda <= 1))
      throw new MemnasError('USAGE', `--lambda takes a number from 0 to 1, got '${values.lambda}'`);
  }
  if (values.objective !== undefined) objectiveByName(values.objective);
  if (values.picker !== undefined && !PICKERS.includes(values.picker as PickerName))
    throw new MemnasError('USAGE', `--picker takes ${PICKERS.join(' or ')}, got '${values.picker}'`);
  if (values.dataset === undefined && !values.resume)
    throw new MemnasError('USAGE', `--dataset is required (usage: ${SEARCH_USAGE})`);
  const budget =
    values['memory-budget'] === undefined ? undefined : byteSize(values['memory-budget'], '--memory-budget');
  if (budget !== undefined && budget <= 0) throw new MemnasError('USAGE', '--memory-budget must be above 0');
  return Object.freeze({
    dataset: values.dataset,
    memoryBudgetBytes: budget,
    lambda,
    objective: values.objective as ObjectiveName | undefined,
    picker: values.picker as PickerName | undefined,
    device: values.device,
    timeBudgetSeconds:
      values['time-budget'] === undefined ? undefined : parseDuration(values['time-budget'], '--time-budget'),
    out: values.out,
    resume: values.resume === true,
    json: values.json === true,
    seed: values.seed === undefined ? undefined : nonNegativeInt(values.seed, '--seed', 0),
    workers: values.workers === undefined ? undefined : positiveInt(values.workers, '--workers', 1),
    coordinator: values.coordinator ?? process.env.MEMNAS_COORDINATOR,
    token: values.token ?? process.env.MEMNAS_TOKEN,
  });
}
