#!/usr/bin/env node
// The bin a device runs (`memnas-agent`, the package's only executable), compiled JavaScript on
// Node ≥ 18: `agent` pulls jobs from a coordinator over HTTP, `serial` does so over a serial line,
// `profile` measures one model here. Each subcommand loads only what it needs, so `profile` and
// `agent` run without serialport. Every failure is one line on stderr and a non-zero exit.
import { AGENT_VERSION } from './agent/version.ts';
import { AgentError } from './errors.ts';
import { PROFILE_USAGE } from './profile-command.ts';
import { runEntry } from './run-entry.ts';

const AGENT_LINE =
  'memnas-agent agent --coordinator URL [--token-file PATH] [--name NAME] [--tags a,b] [--max-model-bytes N] [--emulated] [--quiet]';
const SERIAL_LINE =
  'memnas-agent serial /dev/ttyX [--baud 115200] [--token-file PATH] [--name NAME] [--tags a,b] [--max-model-bytes N] [--emulated] [--quiet]';

const HELP = `memnas-agent ${AGENT_VERSION}: the memnas profiler agent

usage:
  ${AGENT_LINE}
      register with a coordinator and measure the jobs it hands out until SIGTERM/SIGINT
  ${SERIAL_LINE}
      the same over a serial line; the coordinator's host runs \`memnas serve --serial /dev/ttyY\`
      (needs the optional package serialport)
  ${PROFILE_USAGE}
      measure load time, latency (first, p50/p90/p99, mean, std) and peak memory at each batch
      size, each batch in a fresh process, on this machine
  memnas-agent --version

environment:
  MEMNAS_TOKEN           the fleet token \`memnas serve\` printed (or --token-file PATH)
  MEMNAS_AGENT_EMULATED  1: this machine is emulated (qemu), as --emulated: hosts fit no latency from it`;

const COMMANDS: Readonly<Record<string, (argv: readonly string[]) => Promise<number>>> = {
  agent: async (argv) => (await import('./agent/command.ts')).agentCommand(argv),
  serial: async (argv) => (await import('./serial/serial-command.ts')).serialAgentCommand(argv),
  profile: async (argv) => (await import('./profile-command.ts')).profileCommand(argv),
};

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    console.log(AGENT_VERSION);
    return 0;
  }
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return command === undefined ? 2 : 0;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (run === undefined)
    throw new AgentError(
      'USAGE',
      `unknown command '${command}' (commands: ${Object.keys(COMMANDS).join(', ')})`,
    );
  return run(rest);
}

await runEntry(() => main(process.argv.slice(2)));
