// `memnas search` flags: the tuning settings (K, seed size, proxy size, patience, runoff, cells) stay
// unset unless given, so a new run plans them and a resumed run keeps its saved ones.
import { describe, expect, it } from 'vitest';
import { parseSearchOptions } from '../../../cli/search/options.ts';

describe('parseSearchOptions', () => {
  it('leaves every tuning setting to the plan unless given', () => {
    const o = parseSearchOptions(['--dataset', 'fashion-mnist']);
    expect(o.tuning).toEqual({
      k: undefined,
      seedSize: undefined,
      proxyImages: undefined,
      patience: undefined,
      runoff: undefined,
      maxCells: undefined,
    });
    expect(Object.isFrozen(o)).toBe(true);
  });

  it('reads the tuning flags', () => {
    const o = parseSearchOptions([
      '--dataset',
      'd',
      '--k',
      '4',
      '--seed-size',
      '6',
      '--proxy-images',
      '3000',
      '--patience',
      '3',
      '--max-cells',
      '8',
      '--runoff',
      '0',
    ]);
    expect(o.tuning).toEqual({ k: 4, seedSize: 6, proxyImages: 3000, patience: 3, runoff: 0, maxCells: 8 });
  });

  it('refuses a bad value with a one-line USAGE error', () => {
    const cases: [string[], RegExp][] = [
      [['--k', '0'], /^--k takes a positive whole number, got '0'$/],
      [['--seed-size', '2.5'], /^--seed-size takes a positive whole number, got '2.5'$/],
      [['--proxy-images', 'many'], /^--proxy-images takes a positive whole number, got 'many'$/],
      [['--patience', '0'], /^--patience takes a positive whole number, got '0'$/],
      [['--runoff', 'two'], /^--runoff takes a whole number ≥ 0, got 'two'$/],
      [['--max-cells', '1'], /^--max-cells takes a whole number ≥ 2 \(seeds have one cell\), got '1'$/],
    ];
    for (const [args, message] of cases) {
      let error: unknown;
      try {
        parseSearchOptions(['--dataset', 'd', ...args]);
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'USAGE', message: expect.stringMatching(message) });
    }
  });

  it('reads --worker-wait as seconds with --queue, and refuses it without', () => {
    const q = ['--dataset', 'd', '--queue', 'redis://127.0.0.1:6379'];
    expect(parseSearchOptions(q).workerWaitSeconds).toBeUndefined();
    expect(parseSearchOptions([...q, '--worker-wait', '2m']).workerWaitSeconds).toBe(120);
    expect(() => parseSearchOptions(['--dataset', 'd', '--worker-wait', '2m'])).toThrow(
      /^--worker-wait needs --queue/,
    );
    expect(() => parseSearchOptions([...q, '--worker-wait', 'soon'])).toThrow(
      /^--worker-wait takes a duration like 30m, 90s or 1h, got 'soon'$/,
    );
  });
});
