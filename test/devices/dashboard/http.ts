// Raw HTTP for the dashboard tests: node:http with any headers (Cookie, Origin, Sec-Fetch-Site),
// which fetch would add to or refuse.
import { request } from 'node:http';

export interface DashResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly json: unknown;
  /** The Set-Cookie headers, [] when none. */
  readonly cookies: readonly string[];
}

export function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<DashResponse> {
  const all = { ...headers };
  if (body !== undefined) all['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    // A fresh connection each time: a kept-alive socket the server closes while the next request
    // goes out on it is an ECONNRESET that says nothing about the dashboard.
    const req = request(new URL(path, base), { method, headers: all, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        const cookies = res.headers['set-cookie'] ?? [];
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, cookies });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** POST /dashboard/login as the page does: JSON, from the coordinator's own origin. */
export function login(
  base: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<DashResponse> {
  return send(
    base,
    'POST',
    '/dashboard/login',
    { 'content-type': 'application/json', origin: base, 'sec-fetch-site': 'same-origin', ...headers },
    JSON.stringify({ token }),
  );
}

/** "memnas_session=…" from a Set-Cookie header, for the Cookie header of the next request. */
export function cookiePair(setCookie: string): string {
  return setCookie.split(';')[0]!;
}
