// `memnas search` flags, declared once: they drive parsing (cli/search/options.ts) and `--help`.
import { DEFAULTS, PICKERS } from '../../app/search/config.ts';
import type { CommandSpec } from '../flags.ts';
import { COORDINATOR_FLAGS } from './coordinator-flags.ts';

export const searchSpec = {
  name: 'search',
  summary:
    'grow-trim search for the most accurate network within a memory budget; --resume continues a killed run',
  operands: '',
  flags: {
    dataset: {
      type: 'string',
      value: 'fashion-mnist|PATH',
      help: "what to train on: 'fashion-mnist', a folder of MNIST-format IDX files, or a folder of class sub-folders; required unless --resume",
    },
    'memory-budget': {
      type: 'string',
      value: 'SIZE',
      default: `${DEFAULTS.memoryBudgetBytes / 1000}KB`,
      help: 'largest parameters + peak activations a model may need (KB/MB decimal, KiB/MiB binary)',
    },
    lambda: {
      type: 'string',
      value: 'X',
      default: String(DEFAULTS.lambda),
      help: 'weight of memory against accuracy in the objective, 0 to 1',
    },
    objective: {
      type: 'string',
      value: 'budget|paper',
      default: DEFAULTS.objective,
      help: "how candidates are scored: 'budget' (accuracy within the budget) or 'paper' (the MemNAS reward)",
    },
    picker: {
      type: 'string',
      value: PICKERS.join('|'),
      default: DEFAULTS.picker,
      help: "which candidates of a round train: the controller's ranking, or at random (the baseline)",
    },
    device: {
      type: 'string',
      value: 'NAME|local',
      help: "check memory on this device (measured or from its calibration) instead of the analytic model; 'local' is this machine",
    },
    'latency-budget': {
      type: 'string',
      value: 'MS',
      help: "hard limit on the device's batch-1 p50 latency (2ms, 0.5ms, 1.5ms; a bare number is milliseconds): predicted before training, measured after; needs --device",
    },
    'latency-weight': {
      type: 'string',
      value: 'W',
      default: String(DEFAULTS.latencyWeight),
      help: "weight of latency in the objective with --latency-budget: the latency budget's worth against the memory budget's (0 keeps latency a limit only)",
    },
    'time-budget': {
      type: 'string',
      value: 'DURATION',
      default: `${DEFAULTS.timeBudgetSeconds / 60}m`,
      help: 'wall-clock time of the whole run, search and final training (30m, 90s, 1h)',
    },
    out: { type: 'string', value: 'DIR', default: 'runs/search-DATE-TIME', help: "the run's folder" },
    resume: {
      type: 'boolean',
      help: 'continue the run in --out (default: the newest under runs/) with its saved settings',
    },
    seed: {
      type: 'string',
      value: 'S',
      default: '0',
      help: 'seeds data splits, initialisation and random picks',
    },
    workers: {
      type: 'string',
      value: 'N',
      default: 'cores, at most 4',
      help: 'candidates trained at once',
    },
    k: {
      type: 'string',
      value: 'N',
      default: 'planned from the time budget (at most 16)',
      help: 'most candidates trained per grow/trim round (fewer when time runs short)',
    },
    'seed-size': {
      type: 'string',
      value: 'N',
      default: 'planned from the time budget',
      help: 'single-cell seed networks trained in the first round (at most the distinct seeds there are)',
    },
    'proxy-images': {
      type: 'string',
      value: 'N',
      default: 'planned from the time budget (2000 to 15000)',
      help: 'training images per candidate during search: a seed from scratch, a child fine-tuning its inherited weights',
    },
    patience: {
      type: 'string',
      value: 'N',
      default:
        DEFAULTS.patience === null
          ? 'none: the search spends its share of the time budget'
          : String(DEFAULTS.patience),
      help: 'rounds without a better parent before the search stops',
    },
    runoff: {
      type: 'string',
      value: 'N',
      default: String(DEFAULTS.runoff),
      help: 'children of each round trained one more pass beside the parent before the round chooses (0: choose after the first pass)',
    },
    'max-cells': {
      type: 'string',
      value: 'N',
      default: String(DEFAULTS.maxCells),
      help: 'cells per block at which the search stops growing',
    },
    queue: {
      type: 'string',
      value: 'redis://[:PASSWORD@]HOST:6379',
      help: 'train candidates (and the final models) on `memnas worker`s through this Redis instead of local processes; give it again with --resume',
    },
    'worker-wait': {
      type: 'string',
      value: 'DURATION',
      default: '10m',
      help: 'with --queue: how long jobs may wait with no `memnas worker` connected (a line at 30 s) before the search stops, failing no candidate, to be continued with --resume',
    },
    ...COORDINATOR_FLAGS,
    json: {
      type: 'boolean',
      help: "print the run's summary.json on stdout instead of the three result lines",
    },
  },
  env: [{ name: 'MEMNAS_HOME', help: 'where --device calibrations are read from (default ~/.memnas)' }],
  example: 'memnas search --dataset fashion-mnist --memory-budget 300KB --time-budget 30m --out runs/fm-300k',
} as const satisfies CommandSpec;
