// `memnas agent`: this machine as a profiler device for a coordinator — the Node agent's pull
// loop (profiler-agent/agent/), run from the main CLI. Devices install the agent alone instead
// (the package memnas-agent, from a coordinator's GET /downloads/memnas-agent.tgz), whose
// `memnas-agent agent` takes the same flags.
import { agentCommand } from '../../profiler-agent/agent/command.ts';

export { AGENT_USAGE as USAGE } from '../../profiler-agent/agent/command.ts';

export function runAgent(argv: readonly string[]): Promise<number> {
  return agentCommand(argv);
}
