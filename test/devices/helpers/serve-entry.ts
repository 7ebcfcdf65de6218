// `memnas serve` as its own process for the restart tests: runServe with this process's
// arguments (the main CLI's command list is the lead's to wire).
import { runServe } from '../../../cli/commands/serve.ts';

process.exitCode = await runServe(process.argv.slice(2));
