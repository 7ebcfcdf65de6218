// A command's flags declared once — name, type, default, meaning, environment variable — so the
// same declaration drives parsing (node's parseArgs, via cli/args.ts) and renders `--help`
// (cli/help.ts). Declarations live in cli/specs/, free of heavy imports, so `memnas --help`
// loads no command's implementation.

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  /** One-letter alias, e.g. 'o' for --output. */
  readonly short?: string;
  /** May be given more than once (values collect into a list). */
  readonly multiple?: boolean;
  /** What the value looks like in the synopsis and help, e.g. 'N', 'PATH', '300KB'. */
  readonly value?: string;
  /** The default as the user would write it; absent when there is none (or it is computed). */
  readonly default?: string;
  /** Environment variable read when the flag is not given. */
  readonly env?: string;
  readonly help: string;
}

export type Flags = Readonly<Record<string, FlagSpec>>;

export interface EnvSpec {
  readonly name: string;
  readonly help: string;
}

export interface CommandSpec<F extends Flags = Flags> {
  readonly name: string;
  readonly summary: string;
  /** Positional arguments as the synopsis shows them, e.g. '<arch.json>'; empty when none. */
  readonly operands: string;
  readonly flags: F;
  /** Environment variables read beyond those tied to a flag. */
  readonly env?: readonly EnvSpec[];
  readonly example: string;
}

/** The parseArgs option of one declared flag, with literal types so parsed values stay typed. */
export type OptionOf<S extends FlagSpec> = {
  type: S['type'];
  multiple: S['multiple'] extends true ? true : false;
  short?: string;
};
export type OptionsOf<F extends Flags> = { [K in keyof F]: OptionOf<F[K]> };

export function optionsOf<F extends Flags>(flags: F): OptionsOf<F> {
  const options: Record<string, { type: 'string' | 'boolean'; multiple: boolean; short?: string }> = {};
  for (const [name, f] of Object.entries(flags))
    options[name] = { type: f.type, multiple: f.multiple === true, ...(f.short ? { short: f.short } : {}) };
  return options as unknown as OptionsOf<F>;
}

/** `--name VALUE` (or `--name` for a boolean), as the synopsis and help show a flag. */
export function flagForm(name: string, f: FlagSpec): string {
  const short = f.short === undefined ? '' : `-${f.short}, `;
  return `${short}--${name}${f.type === 'string' ? ` ${f.value ?? 'VALUE'}` : ''}`;
}

/** One line naming every flag: `memnas NAME OPERANDS [--flag VALUE]...`. */
export function synopsis(spec: CommandSpec): string {
  const flags = Object.entries(spec.flags).map(([name, f]) => {
    const form = `--${name}${f.type === 'string' ? ` ${f.value ?? 'VALUE'}` : ''}`;
    return `[${form}]${f.multiple ? '...' : ''}`;
  });
  return [`memnas ${spec.name}`, spec.operands, ...flags].filter((p) => p !== '').join(' ');
}
