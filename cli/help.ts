// `memnas <command> --help`: the synopsis, every declared flag with its type, default and
// meaning, the environment variables the command reads, and one example — all rendered from the
// command's single flag declaration (cli/flags.ts).
import { type CommandSpec, flagForm, synopsis } from './flags.ts';

function typeOf(f: CommandSpec['flags'][string]): string {
  if (f.type === 'boolean') return 'switch';
  return f.multiple ? 'string, repeatable' : 'string';
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
