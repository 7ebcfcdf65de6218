#!/usr/bin/env node
// The agent's pull-loop entry on a device: `MEMNAS_TOKEN=T node dist/agent-cli.js --coordinator
// URL [--name NAME] [--tags a,b]`. Every failure is one line on stderr and a non-zero exit.
import { agentCommand } from './agent/command.ts';
import { isCodedError } from './coded-error.ts';

try {
  process.exitCode = await agentCommand(process.argv.slice(2));
} catch (e) {
  // Every error raised on purpose shares CodedError: its message and code, on one line.
  if (isCodedError(e)) {
    console.error(`memnas-agent: ${e.message.replace(/\n/g, ' ')} [${e.code}]`);
    process.exitCode = e.code === 'USAGE' ? 2 : 1;
  } else {
    console.error(
      `memnas-agent: internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
    );
    process.exitCode = 1;
  }
}
