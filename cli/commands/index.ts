// The list of memnas commands: each one's declared flags (for --help) and its lazily loaded run.
import { AGENT_USAGE } from '../../profiler-agent/agent/usage.ts';
import type { CommandSpec } from '../flags.ts';
import { renderHelp } from '../help.ts';
import { calibrateSpec } from '../specs/calibrate.ts';
import { deploySpec } from '../specs/deploy.ts';
import { estimateSpec } from '../specs/estimate.ts';
import { exportSpec } from '../specs/export.ts';
import { profileSpec } from '../specs/profile.ts';
import { reportSpec } from '../specs/report.ts';
import { searchSpec } from '../specs/search.ts';
import { serveSpec } from '../specs/serve.ts';
import { trainSpec } from '../specs/train.ts';
import { workerSpec } from '../specs/worker.ts';
import type { Command } from './command.ts';

function declared(spec: CommandSpec, run: Command['run']): Command {
  return { summary: spec.summary, help: () => renderHelp(spec), run };
}

/** Every command with a flag declaration, by name (tests check each one's help against its parser). */
export const specs: Readonly<Record<string, CommandSpec>> = {
  search: searchSpec,
  estimate: estimateSpec,
  train: trainSpec,
  export: exportSpec,
  profile: profileSpec,
  deploy: deploySpec,
  report: reportSpec,
  calibrate: calibrateSpec,
  serve: serveSpec,
  worker: workerSpec,
};

export const commands: Record<string, Command> = {
  search: declared(searchSpec, async (argv) => (await import('./search.ts')).runSearch(argv)),
  estimate: declared(estimateSpec, async (argv) => (await import('./estimate.ts')).runEstimate(argv)),
  train: declared(trainSpec, async (argv) => (await import('./train.ts')).runTrain(argv)),
  export: declared(exportSpec, async (argv) => (await import('./export.ts')).runExport(argv)),
  profile: declared(profileSpec, async (argv) => (await import('./profile.ts')).runProfile(argv)),
  deploy: declared(deploySpec, async (argv) => (await import('./deploy.ts')).runDeploy(argv)),
  report: declared(reportSpec, async (argv) => (await import('./report.ts')).runReport(argv)),
  calibrate: declared(calibrateSpec, async (argv) => (await import('./calibrate.ts')).runCalibrate(argv)),
  serve: declared(serveSpec, async (argv) => (await import('./serve.ts')).runServe(argv)),
  worker: declared(workerSpec, async (argv) => (await import('./worker.ts')).runWorker(argv)),
  agent: {
    // The agent declares and parses its own flags (profiler-agent/agent/command.ts).
    summary: 'run a Node profiler agent that pulls profiling jobs from a coordinator',
    help: () =>
      `usage: ${AGENT_USAGE}\n\nrun a Node profiler agent that pulls profiling jobs from a coordinator\n\nenvironment:\n  MEMNAS_TOKEN  the fleet token (or --token-file PATH)`,
    run: async (argv) => (await import('./agent.ts')).runAgent(argv),
  },
};
