// Raw HTTP for the coordinator tests: node:http rather than fetch, so a test can send anything —
// a GET with a body, malformed JSON, no or a wrong Authorization header.
import { request } from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  /** The body as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

export interface RawRequest {
  readonly token?: string;
  readonly authorization?: string;
  readonly contentType?: string;
  readonly body?: string | Uint8Array;
}

export function raw(
  base: string,
  method: string,
  path: string,
  options: RawRequest = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = {};
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  else if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  if (body !== undefined) headers['content-length'] = String(body.byteLength);
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const data = Buffer.concat(chunks);
        let json: unknown;
        try {
          json = JSON.parse(data.toString('utf8'));
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** POST a JSON value with the token. */
export function postJson(base: string, path: string, token: string, value: unknown): Promise<RawResponse> {
  return raw(base, 'POST', path, { token, contentType: 'application/json', body: JSON.stringify(value) });
}
