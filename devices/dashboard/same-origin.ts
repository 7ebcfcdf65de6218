// The CSRF check every state-changing dashboard request passes (login and logout alike): a
// browser names the page that sent a request in Origin and, in current browsers, in
// Sec-Fetch-Site; a request another site's page made is refused. SameSite=Strict alone does not
// cover login — a forged login needs no cookie — hence this check before the token is looked at.
// A client that sends neither header is not a browser (curl, a script): no site can make it send
// a request, so it is let through, and it still needs the token or the session like anyone.

export interface OriginHeaders {
  readonly origin: string | undefined;
  readonly secFetchSite: string | undefined;
  /** The Host header the request was sent to. */
  readonly host: string | undefined;
}

/** Why the request is not same-origin, or null when it is (or comes from no browser). */
export function crossOriginProblem(h: OriginHeaders): string | null {
  if (h.secFetchSite !== undefined && h.secFetchSite !== 'same-origin')
    return `the browser says this request came from another site (Sec-Fetch-Site: ${h.secFetchSite})`;
  if (h.origin === undefined) return null;
  let host: string;
  try {
    host = new URL(h.origin).host;
  } catch {
    return 'the Origin header is not a URL';
  }
  // "null" (a sandboxed frame, a file: page) parses to no host and is refused with the rest.
  if (host === '' || h.host === undefined || host.toLowerCase() !== h.host.toLowerCase())
    return 'the request came from a page on another origin';
  return null;
}
