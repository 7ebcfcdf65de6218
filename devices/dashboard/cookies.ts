// The dashboard's one cookie: read from the Cookie header (no cookie-parser dependency for one
// value) and written with the flags that keep it from scripts (HttpOnly), from cross-site
// requests (SameSite=Strict) and, over https, from plain-text links (Secure).

export const SESSION_COOKIE = 'memnas_session';

/** The value of cookie `name` in a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export interface CookieOptions {
  /** Seconds; 0 deletes the cookie. */
  readonly maxAgeSeconds: number;
  readonly secure: boolean;
}

/** A Set-Cookie value for the session cookie. */
export function sessionCookie(value: string, o: CookieOptions): string {
  const flags = [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    `Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (o.secure) flags.push('Secure');
  return flags.join('; ');
}
