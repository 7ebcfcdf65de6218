// `memnas search --latency-budget / --latency-weight` parsing: milliseconds in the forms the help
// names, and one-line USAGE errors for a budget without --device, an unparsable value, and a
// weight without a budget.
import { describe, expect, it } from 'vitest';
import { parseMilliseconds } from '../../../cli/search/milliseconds.ts';
import { parseSearchOptions } from '../../../cli/search/options.ts';
import { isMemnasError } from '../../../search/errors.ts';

function usage(argv: string[]): string {
  try {
    parseSearchOptions(argv);
  } catch (e) {
    expect(isMemnasError(e) && e.code).toBe('USAGE');
    const message = (e as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
}

describe('latency flags', () => {
  it('reads 2ms, 0.5ms, 1.5 ms, a bare number (ms), microseconds and seconds', () => {
    expect(parseMilliseconds('2ms', '--latency-budget')).toBe(2);
    expect(parseMilliseconds('0.5ms', '--latency-budget')).toBe(0.5);
    expect(parseMilliseconds('1.5 ms', '--latency-budget')).toBe(1.5);
    expect(parseMilliseconds('3', '--latency-budget')).toBe(3);
    expect(parseMilliseconds('250us', '--latency-budget')).toBe(0.25);
    expect(parseMilliseconds('0.002s', '--latency-budget')).toBe(2);
  });

  it('parses the budget and weight with --device, and leaves both unset without them', () => {
    const o = parseSearchOptions([
      '--dataset',
      'd',
      '--device',
      'local',
      '--latency-budget',
      '2ms',
      '--latency-weight',
      '0.5',
    ]);
    expect(o.latencyBudgetMs).toBe(2);
    expect(o.latencyWeight).toBe(0.5);
    const none = parseSearchOptions(['--dataset', 'd']);
    expect(none.latencyBudgetMs).toBeUndefined();
    expect(none.latencyWeight).toBeUndefined();
  });

  it('refuses bad input in one line', () => {
    expect(usage(['--dataset', 'd', '--latency-budget', '2ms'])).toMatch(/--latency-budget needs --device/);
    for (const bad of ['fast', '2 hours', '0ms', '-1ms', '2mss', ''])
      expect(usage(['--dataset', 'd', '--device', 'local', `--latency-budget=${bad}`])).toBe(
        `--latency-budget takes a duration in milliseconds like 2ms, 0.5ms or 1.5ms, got '${bad}'`,
      );
    expect(usage(['--dataset', 'd', '--device', 'local', '--latency-weight', '1'])).toMatch(
      /--latency-weight needs --latency-budget/,
    );
    expect(
      usage(['--dataset', 'd', '--device', 'local', '--latency-budget', '2ms', '--latency-weight', 'heavy']),
    ).toMatch(/--latency-weight takes a number ≥ 0, got 'heavy'/);
  });
});
