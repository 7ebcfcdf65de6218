// The report's link to the coordinator's live dashboard, for a run whose candidates were measured
// on a device through a coordinator (the run's saved config names both). Only an http(s) URL is
// linked, without any user:password part, and the whole link is escaped.
import type { RunConfig } from '../search/run-config.ts';
import { escapeHtml as e } from './escape.ts';

/** `<coordinator>/dashboard`, or null when the run used no coordinator. */
export function dashboardUrl(c: Pick<RunConfig, 'device' | 'coordinator'>): string | null {
  if (c.device === null || c.device === 'local' || c.coordinator === undefined) return null;
  let url: URL;
  try {
    url = new URL(c.coordinator);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/dashboard`;
  return url.href;
}

/** A paragraph linking the dashboard, or '' (the report is then unchanged). */
export function dashboardParagraph(c: Pick<RunConfig, 'device' | 'coordinator'>): string {
  const url = dashboardUrl(c);
  if (url === null) return '';
  return `\n<p>Device '${e(c.device ?? '')}' was measured through a coordinator: its devices, queue and results are live on <a href="${e(url)}">${e(url)}</a> (log in with the fleet token).</p>`;
}
