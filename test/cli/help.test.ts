// `memnas <command> --help`: rendered from the same flag declaration the parser uses, so every
// flag a command accepts is listed with its type, default, meaning and environment variable.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFlags } from '../../cli/args.ts';
import { commands, specs } from '../../cli/commands/index.ts';
import { optionsOf, synopsis } from '../../cli/flags.ts';
import { renderHelp } from '../../cli/help.ts';

const bin = fileURLToPath(new URL('../../bin/memnas.js', import.meta.url));

describe('memnas <command> --help', () => {
  it('has a declaration for every command but the agent (which parses its own flags)', () => {
    expect(Object.keys(specs).sort()).toEqual(
      Object.keys(commands)
        .filter((c) => c !== 'agent')
        .sort(),
    );
  });

  for (const [name, spec] of Object.entries(specs)) {
    it(`${name}: names every flag its parser accepts, with its meaning, and refuses any other`, () => {
      const help = renderHelp(spec);
      const options = optionsOf(spec.flags);
      expect(Object.keys(options).length).toBeGreaterThan(0);
      for (const [flag, o] of Object.entries(options)) {
        const f = spec.flags[flag]!;
        const line = help
          .split('\n')
          .find((l) => l.includes(`--${flag}${o.type === 'string' ? ' ' : ''}`) && l.includes(f.help));
        expect(line, `--${flag} in the help of ${name}`).toBeDefined();
        // Every value flag names its type ('whole number', 'byte size', 'one of a, b', …), a switch says so.
        expect(line).toMatch(o.type === 'boolean' ? /\(switch/ : /\((?!switch)[a-zA-Z][^;()]*(;|\))/);
        if (f.default !== undefined) expect(line).toContain(`default ${f.default}`);
        if (f.env !== undefined)
          expect(help).toMatch(new RegExp(`\\n {2}${f.env} +read when --${flag} is not given\\n`));
        // The parser takes the flag as declared.
        const argv = o.type === 'string' ? [`--${flag}`, 'x'] : [`--${flag}`];
        expect(Object.keys(parseFlags(argv, spec).values)).toEqual([flag]);
        expect(synopsis(spec)).toContain(`--${flag}`);
      }
      expect(() => parseFlags(['--no-such-flag'], spec)).toThrow(/Unknown option '--no-such-flag'/);
      expect(help).toMatch(/\nexample:\n {2}memnas \S+/);
      expect(help.split('\nexample:\n  ')[1]!.startsWith(`memnas ${name}`)).toBe(true);
    });
  }

  it('shows the search tuning flags and the memory budget with their defaults', () => {
    const help = renderHelp(specs.search!);
    expect(help).toMatch(/--memory-budget SIZE +.*default 300KB/);
    expect(help).toMatch(/--time-budget DURATION +.*default 4m/);
    expect(help).toMatch(/--patience N +.*default none: the search spends its share of the time budget/);
    expect(help).toMatch(/--max-cells N +.*default 6\b/);
    for (const flag of ['--k N', '--seed-size N', '--proxy-images N']) expect(help).toContain(flag);
    expect(help).toContain('MEMNAS_COORDINATOR');
    expect(help).toContain('MEMNAS_HOME');
  });

  it('prints through the memnas command with exit 0, and `memnas help` lists the commands', () => {
    const r = spawnSync(process.execPath, [bin, 'search', '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(renderHelp(specs.search!));
    const h = spawnSync(process.execPath, [bin, 'help'], { encoding: 'utf8' });
    expect(h.status).toBe(0);
    for (const name of Object.keys(commands)) expect(h.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });
});
