#!/usr/bin/env node
// The pull loop alone, as the fleet tests start it from source: `MEMNAS_TOKEN=T node
// dist/agent-cli.js --coordinator URL [--name NAME] [--tags a,b]`. Devices run the package's bin
// instead (`memnas-agent agent …`, cli.ts), which takes the same flags.
import { agentCommand } from './agent/command.ts';
import { runEntry } from './run-entry.ts';

await runEntry(() => agentCommand(process.argv.slice(2)));
