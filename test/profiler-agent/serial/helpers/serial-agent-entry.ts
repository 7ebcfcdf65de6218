// The serial agent as its own process for the end-to-end test (the lead wires `memnas agent
// --serial` into the agent's CLI): serialAgentCommand with this process's arguments, failures
// as one line and a non-zero exit like agent-cli.ts.
import { isAgentError } from '../../../../profiler-agent/errors.ts';
import { serialAgentCommand } from '../../../../profiler-agent/serial/serial-command.ts';

try {
  process.exitCode = await serialAgentCommand(process.argv.slice(2));
} catch (e) {
  console.error(
    `memnas-agent: ${e instanceof Error ? e.message : String(e)}${isAgentError(e) ? ` [${e.code}]` : ''}`,
  );
  process.exitCode = isAgentError(e) && e.code === 'USAGE' ? 2 : 1;
}
