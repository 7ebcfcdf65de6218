// The contract of a CLI command. Commands load their implementation lazily so that, say,
// `memnas estimate` never loads tfjs or onnxruntime; their help comes from their flag
// declaration (cli/specs/), which loads nothing heavy.

export interface Command {
  readonly summary: string;
  /** What `memnas <command> --help` prints. */
  help(): string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(argv: readonly string[]): Promise<number>;
}
