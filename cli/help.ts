// `memnas <command> --help`: the synopsis, every declared flag with its type, default and
// meaning, the environment variables the command reads, and one example — all rendered from the
// command's single flag declaration (cli/flags.ts).
import { type CommandSpec, flagForm, synopsis } from './flags.ts';

// The value's type, read from the placeholder the declaration shows (one table, so every
// command's help names types alike).
const TYPES: Readonly<Record<string, string>> = {
  N: 'whole number',
  B: 'whole number',
  STATES: 'whole number',
  PORT: 'port number',
  MS: 'milliseconds',
  S: 'number',
  X: 'number',
  LR: 'number',
  WD: 'number',
  SIZE: 'byte size',
  DURATION: 'duration',
  URL: 'URL',
  T: 'token',
  ADDR: 'address',
  LIST: 'comma-separated numbers',
};

/** A placeholder of literal choices ('adam|sgd') reads "one of …"; mixed ones ('NAME|local') read as text. */
function choiceType(value: string): string | undefined {
  const parts = value.split('|');
  if (parts.length < 2) return undefined;
  if (parts.every((p) => /^[a-z][a-z0-9-]*$/.test(p))) return `one of ${parts.join(', ')}`;
  if (parts.every((p) => /^[0-9]+[a-z]$/.test(p))) return 'duration';
  return parts.includes('PATH') ? 'name or path' : 'name';
}

function typeOf(f: CommandSpec['flags'][string]): string {
  if (f.type === 'boolean') return 'switch';
  const value = f.value ?? '';
  const base =
    TYPES[value] ??
    (/^[a-z]+:\/\//.test(value) ? 'URL' : undefined) ??
    choiceType(value) ??
    (/PATH|DIR|FILE|[./]/.test(value) ? 'path' : 'text');
  return f.multiple ? `${base}, repeatable` : base;
}

export function renderHelp(spec: CommandSpec): string {
  const rows = Object.entries(spec.flags).map(([name, f]) => {
    const facts = [typeOf(f), ...(f.default === undefined ? [] : [`default ${f.default}`])];
    if (f.env !== undefined) facts.push(`env ${f.env}`);
    return { form: flagForm(name, f), text: `${f.help} (${facts.join('; ')})` };
  });
  const width = Math.max(...rows.map((r) => r.form.length));
  const env = [
    ...Object.entries(spec.flags)
      .filter(([, f]) => f.env !== undefined)
      .map(([name, f]) => ({ name: f.env!, help: `read when --${name} is not given` })),
    ...(spec.env ?? []),
  ];
  const envWidth = Math.max(0, ...env.map((e) => e.name.length));
  return [
    `usage: ${synopsis(spec)}`,
    '',
    spec.summary,
    '',
    'options:',
    ...rows.map((r) => `  ${r.form.padEnd(width)}  ${r.text}`),
    '',
    'environment:',
    ...(env.length === 0 ? ['  (none)'] : env.map((e) => `  ${e.name.padEnd(envWidth)}  ${e.help}`)),
    '',
    'example:',
    `  ${spec.example}`,
  ].join('\n');
}
