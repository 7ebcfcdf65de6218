// `agent --serial /dev/ttyX [--baud 115200] --name NAME`: the pull loop of `agent --coordinator`
// over a serial line instead of HTTP — for a board, or a Pi attached by a USB gadget cable with
// no network. The coordinator's host runs `memnas serve --serial /dev/ttyY` on the other end.
// Stops like the HTTP agent: the first SIGINT/SIGTERM cleanly, a second one at once.
import { parseFlags, wholeNumber } from '../cli-args.ts';
import { DEFAULT_MAX_MODEL_BYTES } from '../defaults.ts';
import { AgentError } from '../errors.ts';
import { nodeEvaluate } from '../evaluate/run-evaluate.ts';
import { describeLocalDevice } from '../local.ts';
import { runAgentLoop } from '../agent/agent-loop.ts';
import { agentToken, deviceName, emulatedFlag, tagList } from '../agent/identity.ts';
import { runUntilSignal } from '../agent/until-signal.ts';
import { LogThrottle } from './link-events.ts';
import { DEFAULT_BAUD_RATE, type OpenLine, openSerialLine } from './open-port.ts';
import { SerialTransport } from './serial-transport.ts';

export const SERIAL_AGENT_USAGE =
  'memnas agent --serial /dev/ttyX [--baud 115200] [--token-file PATH] [--name NAME] [--tags a,b] [--max-model-bytes N] [--emulated] [--quiet]';

const log = (line: string): void => {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} agent: ${line}\n`);
};

/** Runs the serial agent; resolves to the exit code (0 after a clean stop). */
export async function serialAgentCommand(argv: readonly string[]): Promise<number> {
  const { values, path } = serialFlags(argv);
  const token = agentToken(values);
  const name = deviceName(values);
  const baudRate = wholeNumber(values.baud, '--baud', DEFAULT_BAUD_RATE, 50);
  const maxModelBytes = wholeNumber(values['max-model-bytes'], '--max-model-bytes', DEFAULT_MAX_MODEL_BYTES);
  const say = values.quiet ? () => {} : log;
  // Opened once up front so a wrong path or a missing permission fails at once with its reason;
  // once running, a line that goes away is reopened with backoff (a cable pulled and put back).
  const first = await openSerialLine(path, baudRate);
  const transport = serialTransport({ path, token, baudRate, maxModelBytes, first, say });
  const device = await describeLocalDevice({
    name,
    tags: tagList(values.tags),
    emulated: emulatedFlag(values.emulated),
  });
  return runUntilSignal({ log, quiet: values.quiet === true }, (signal) => {
    say(`talking to the coordinator over ${path} at ${baudRate} baud`);
    return runAgentLoop({
      transport,
      device,
      signal,
      evaluate: nodeEvaluate,
      maxModelBytes,
      ...(values.quiet ? {} : { log }),
    });
  });
}

/** The flags, with the usage errors the serial agent raises before touching the line. */
function serialFlags(argv: readonly string[]) {
  const { values, positionals } = parseFlags(
    argv,
    {
      serial: { type: 'string' },
      baud: { type: 'string' },
      token: { type: 'string' },
      'token-file': { type: 'string' },
      name: { type: 'string' },
      tags: { type: 'string' },
      'max-model-bytes': { type: 'string' },
      emulated: { type: 'boolean' },
      quiet: { type: 'boolean' },
    },
    SERIAL_AGENT_USAGE,
  );
  // `memnas-agent serial /dev/ttyX` names the line as its one argument instead of --serial.
  const named = values.serial === undefined && positionals.length === 1 ? positionals[0] : undefined;
  if (positionals.length > (named === undefined ? 0 : 1))
    throw new AgentError(
      'USAGE',
      `unexpected argument '${positionals.at(-1)}' (usage: ${SERIAL_AGENT_USAGE})`,
    );
  const path = values.serial ?? named;
  if (path === undefined || path === '')
    throw new AgentError('USAGE', `--serial /dev/ttyX is required (usage: ${SERIAL_AGENT_USAGE})`);
  return { values, path };
}

interface SerialLineSettings {
  readonly path: string;
  readonly token: string;
  readonly baudRate: number;
  readonly maxModelBytes: number;
  /** The line opened up front: the first connect uses it, later ones open the path again. */
  readonly first: OpenLine;
  readonly say: (line: string) => void;
}

function serialTransport(settings: SerialLineSettings): SerialTransport {
  const { path, token, baudRate, maxModelBytes } = settings;
  const throttle = new LogThrottle(settings.say);
  let first: OpenLine | null = settings.first;
  return new SerialTransport({
    peer: path,
    token,
    connect: () => {
      const line = first;
      first = null;
      return line === null ? openSerialLine(path, baudRate) : Promise.resolve(line);
    },
    link: {
      baudRate,
      // A job carries its model inline, base64 in JSON: 4/3 of the model plus the job's fields.
      maxMessageBytes: Math.ceil((maxModelBytes * 4) / 3) + 1024 * 1024,
      onEvent: (e) => throttle.event(e),
    },
  });
}
