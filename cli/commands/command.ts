// The contract of a CLI command. Commands load their implementation lazily so that, say,
// `memnas estimate` never loads tfjs or onnxruntime.

export interface Command {
  readonly summary: string;
  readonly usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(argv: readonly string[]): Promise<number>;
}
