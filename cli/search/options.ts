// `memnas search` flags (declared in cli/specs/search.ts) parsed once into a frozen options
// object; unset settings stay undefined so a resumed run keeps its saved ones.
import { MemnasError } from '../../search/errors.ts';
import { byteSize, nonNegativeInt, parseFlags, positiveInt } from '../args.ts';
import { synopsis } from '../flags.ts';
import { checkRedisUrl } from '../../trainer/jobs/bullmq/redis-url.ts';
import { searchSpec } from '../specs/search.ts';
import { parseMilliseconds } from './milliseconds.ts';
import { PICKERS, type PickerName, type SearchOptions, type SearchTuning } from '../../app/search/config.ts';
import { objectiveByName } from '../../search/objective/all-objectives.ts';
import type { ObjectiveName } from '../../search/objective/types.ts';

export const SEARCH_USAGE = synopsis(searchSpec);

/** '30m', '90s', '1.5h', '45' (seconds). */
export function parseDuration(value: string, flag: string): number {
  const m = /^\s*([0-9]*\.?[0-9]+)\s*(s|sec|m|min|h)?\s*$/i.exec(value);
  if (m === null || !(Number(m[1]) > 0))
    throw new MemnasError('USAGE', `${flag} takes a duration like 30m, 90s or 1h, got '${value}'`);
  const unit = (m[2] ?? 's').toLowerCase();
  return Number(m[1]) * (unit.startsWith('h') ? 3600 : unit.startsWith('m') ? 60 : 1);
}

type Values = ReturnType<typeof parseFlags<typeof searchSpec.flags>>['values'];

const optionalInt = (value: string | undefined, flag: string): number | undefined =>
  value === undefined ? undefined : positiveInt(value, flag, 1);

function parseTuning(values: Values): SearchTuning {
  const maxCells = optionalInt(values['max-cells'], '--max-cells');
  if (maxCells !== undefined && maxCells < 2)
    throw new MemnasError(
      'USAGE',
      `--max-cells takes a whole number ≥ 2 (seeds have one cell), got '${maxCells}'`,
    );
  return Object.freeze({
    k: optionalInt(values.k, '--k'),
    seedSize: optionalInt(values['seed-size'], '--seed-size'),
    proxyImages: optionalInt(values['proxy-images'], '--proxy-images'),
    patience: optionalInt(values.patience, '--patience'),
    runoff: values.runoff === undefined ? undefined : nonNegativeInt(values.runoff, '--runoff', 0),
    maxCells,
  });
}

function checkChoices(values: Values): void {
  if (values.lambda !== undefined) {
    const lambda = Number(values.lambda);
    if (!(lambda >= 0 && lambda <= 1))
      throw new MemnasError('USAGE', `--lambda takes a number from 0 to 1, got '${values.lambda}'`);
  }
  if (values.objective !== undefined) objectiveByName(values.objective);
  if (values.picker !== undefined && !PICKERS.includes(values.picker as PickerName))
    throw new MemnasError('USAGE', `--picker takes ${PICKERS.join(' or ')}, got '${values.picker}'`);
  if (values.queue !== undefined) checkRedisUrl(values.queue, '--queue');
  if (values['worker-wait'] !== undefined && values.queue === undefined)
    throw new MemnasError('USAGE', '--worker-wait needs --queue: only queued jobs wait for workers');
  if (values.dataset === undefined && !values.resume)
    throw new MemnasError('USAGE', `--dataset is required (usage: ${SEARCH_USAGE})`);
}

/** --latency-budget (milliseconds, needs --device) and --latency-weight (a number ≥ 0, needs a budget). */
function parseLatency(values: Values): Pick<SearchOptions, 'latencyBudgetMs' | 'latencyWeight'> {
  const raw = values['latency-budget'];
  const budget = raw === undefined ? undefined : parseMilliseconds(raw, '--latency-budget');
  if (budget !== undefined && values.device === undefined && !values.resume)
    throw new MemnasError(
      'USAGE',
      '--latency-budget needs --device: latency is measured on a device (e.g. --device local)',
    );
  const w = values['latency-weight'];
  const weight = w === undefined ? undefined : Number(w);
  if (weight !== undefined && !(weight >= 0 && Number.isFinite(weight)))
    throw new MemnasError('USAGE', `--latency-weight takes a number ≥ 0, got '${w}'`);
  if (weight !== undefined && budget === undefined && !values.resume)
    throw new MemnasError('USAGE', '--latency-weight needs --latency-budget');
  return { latencyBudgetMs: budget, latencyWeight: weight };
}

export function parseSearchOptions(argv: readonly string[]): SearchOptions {
  const { values, positionals } = parseFlags(argv, searchSpec);
  if (positionals.length > 0)
    throw new MemnasError('USAGE', `unexpected argument '${positionals[0]}' (usage: ${SEARCH_USAGE})`);
  checkChoices(values);
  const budget =
    values['memory-budget'] === undefined ? undefined : byteSize(values['memory-budget'], '--memory-budget');
  if (budget !== undefined && budget <= 0) throw new MemnasError('USAGE', '--memory-budget must be above 0');
  const tuning = parseTuning(values);
  return Object.freeze({
    dataset: values.dataset,
    memoryBudgetBytes: budget,
    ...parseLatency(values),
    lambda: values.lambda === undefined ? undefined : Number(values.lambda),
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
    queue: values.queue,
    workerWaitSeconds:
      values['worker-wait'] === undefined ? undefined : parseDuration(values['worker-wait'], '--worker-wait'),
    tuning,
  });
}
