// The same-origin check on the dashboard's state-changing requests.
import { describe, expect, it } from 'vitest';
import { crossOriginProblem } from '../../../devices/dashboard/same-origin.ts';

const HOST = '127.0.0.1:7117';

describe('crossOriginProblem', () => {
  it('accepts the page on the same origin, and clients that are no browser', () => {
    expect(
      crossOriginProblem({ origin: `http://${HOST}`, secFetchSite: 'same-origin', host: HOST }),
    ).toBeNull();
    expect(crossOriginProblem({ origin: `https://${HOST}`, secFetchSite: undefined, host: HOST })).toBeNull();
    expect(crossOriginProblem({ origin: undefined, secFetchSite: undefined, host: HOST })).toBeNull();
  });

  it('refuses another site, a sibling origin, a null origin and a lying Sec-Fetch-Site', () => {
    for (const [origin, site] of [
      ['http://evil.example', undefined],
      ['http://127.0.0.1:7118', undefined],
      ['null', undefined],
      ['not a url', undefined],
      [`http://${HOST}`, 'cross-site'],
      [`http://${HOST}`, 'same-site'],
      [undefined, 'cross-site'],
    ] as const)
      expect(
        crossOriginProblem({ origin, secFetchSite: site, host: HOST }),
        `${origin} ${site}`,
      ).not.toBeNull();
  });

  it('refuses an Origin when the request names no Host', () => {
    expect(
      crossOriginProblem({ origin: `http://${HOST}`, secFetchSite: undefined, host: undefined }),
    ).not.toBeNull();
  });
});
