// memnas command-line entry: dispatches to a command and turns every failure into one line on
// stderr and a non-zero exit (stack traces only with --verbose).
import { isCodedError } from '../profiler-agent/coded-error.ts';
import { packageManifest } from '../app/package-manifest.ts';
import { commands } from './commands/index.ts';

const HELP = `memnas — memory-aware neural architecture search for edge devices

usage: memnas <command> [options]

commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Run 'memnas <command> --help' for a command's options. Add --verbose to any command for stack traces.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    console.log(packageManifest().version);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (command === undefined) {
    console.error(`memnas: unknown command '${name}' (commands: ${Object.keys(commands).join(', ')})`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help());
    return 0;
  }
  return command.run(rest.filter((a) => a !== '--verbose'));
}

const verbose = process.argv.includes('--verbose');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (verbose) console.error(e);
  // Every error raised on purpose (MemnasError, the agent's AgentError, ProtocolError,
  // TransportError, …) shares CodedError, so each prints its message and code.
  if (isCodedError(e)) {
    console.error(`memnas: ${e.message.replace(/\n/g, ' ')} [${e.code}]`);
    process.exitCode = e.code === 'USAGE' ? 2 : 1;
  } else {
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    console.error(`memnas: internal error: ${message}${verbose ? '' : ' (run with --verbose for details)'}`);
    process.exitCode = 1;
  }
}
