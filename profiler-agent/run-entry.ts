// How the agent's executables end: the command's exit code, or every failure as one line on
// stderr ("memnas-agent: <message> [CODE]") and a non-zero exit — never a stack trace on a device.
import { isCodedError } from './coded-error.ts';

/** Runs `main` and sets process.exitCode: its result, 2 for a usage error, 1 for any other. */
export async function runEntry(main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
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
}
