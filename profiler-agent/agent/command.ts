// `agent --coordinator URL --token T --name NAME [--tags a,b] [--emulated]`: describe this machine, then pull
// and measure jobs until SIGTERM or SIGINT. The first signal stops cleanly (the job in hand is
// reported as interrupted); a second one exits at once. Shared by `memnas agent` and the agent's
// own entry (agent-cli.ts).
import { parseFlags, wholeNumber } from '../cli-args.ts';
import { DEFAULT_MAX_MODEL_BYTES } from '../defaults.ts';
import { AgentError } from '../errors.ts';
import { nodeEvaluate } from '../evaluate/run-evaluate.ts';
import { describeLocalDevice } from '../local.ts';
import { runAgentLoop } from './agent-loop.ts';
import { HttpTransport } from './http-transport.ts';
import { agentToken, deviceName, emulatedFlag, tagList } from './identity.ts';
import { runUntilSignal } from './until-signal.ts';
import { serialAgentCommand } from '../serial/serial-command.ts';

export { AGENT_USAGE } from './usage.ts';
import { AGENT_USAGE } from './usage.ts';

const log = (line: string): void => {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} agent: ${line}\n`);
};

/** Runs the agent; resolves to the exit code (0 after a clean stop). */
export async function agentCommand(argv: readonly string[]): Promise<number> {
  // Over a serial line (a board, or a Pi on a USB gadget cable) instead of HTTP.
  if (argv.some((a) => a === '--serial' || a.startsWith('--serial='))) return serialAgentCommand(argv);
  const { values, positionals } = parseFlags(
    argv,
    {
      coordinator: { type: 'string' },
      token: { type: 'string' },
      'token-file': { type: 'string' },
      name: { type: 'string' },
      tags: { type: 'string' },
      'max-model-bytes': { type: 'string' },
      emulated: { type: 'boolean' },
      quiet: { type: 'boolean' },
    },
    AGENT_USAGE,
  );
  if (positionals.length > 0)
    throw new AgentError('USAGE', `unexpected argument '${positionals[0]}' (usage: ${AGENT_USAGE})`);
  if (values.coordinator === undefined)
    throw new AgentError('USAGE', `--coordinator URL is required (usage: ${AGENT_USAGE})`);
  const token = agentToken(values);
  const name = deviceName(values);
  const maxModelBytes = wholeNumber(values['max-model-bytes'], '--max-model-bytes', DEFAULT_MAX_MODEL_BYTES);
  const transport = new HttpTransport({ url: values.coordinator, token });
  const device = await describeLocalDevice({
    name,
    tags: tagList(values.tags),
    emulated: emulatedFlag(values.emulated),
  });

  return runUntilSignal({ log, quiet: values.quiet === true }, (signal) =>
    runAgentLoop({
      transport,
      device,
      signal,
      evaluate: nodeEvaluate,
      maxModelBytes,
      ...(values.quiet ? {} : { log }),
    }),
  );
}
