// Fuzzing the coordinator (issue 18, item 7): 500+ generated bad inputs across every endpoint —
// malformed, deeply nested and oversized JSON, wrong types in every field of every message, bad
// percent-encodings, control characters, wrong methods and content types, bodies that never
// arrive. Pass: no 5xx, nothing in the log but one-liners, and the coordinator still serves.
import { request } from 'node:http';
import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../profiler-agent/measure/profile.ts';
import { hasControlCharacters } from '../../profiler-agent/names.ts';
import { HTTP_PATHS, modelPath } from '../../profiler-agent/protocol-http.ts';
import { PROTOCOL_VERSION } from '../../profiler-agent/protocol.ts';
import { useCoordinator } from './helpers/file-coordinator.ts';
import { device, fakeResult, tinyModel } from './helpers/fixtures.ts';
import { postJson, raw } from './helpers/http.ts';
import { registerDevice } from './helpers/register.ts';

const TOKEN = 'fuzz-token-123456';
const MODEL = tinyModel();
const SHA = sha256(MODEL);
const logLines: string[] = [];
const c = useCoordinator('fuzz', {
  token: TOKEN,
  maxJsonBytes: 64 * 1024,
  maxModelBytes: 64 * 1024,
  requestTimeoutMs: 1_000,
  heartbeatMs: 60_000,
  log: (line) => logLines.push(line),
});
let deviceToken = '';
let jobId = '';

beforeAll(async () => {
  deviceToken = await registerDevice(c.url, TOKEN, device('fuzz-pi', ['fuzz']));
  await raw(c.url, 'POST', HTTP_PATHS.models, {
    token: TOKEN,
    contentType: 'application/octet-stream',
    body: MODEL,
  });
  const job = await postJson(c.url, HTTP_PATHS.jobs, TOKEN, {
    modelSha256: SHA,
    device: 'fuzz-pi',
    batches: [1],
  });
  jobId = (job.json as { id: string }).id;
});

/** mulberry32: the same inputs on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Input {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
}

const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);

const BAD_VALUES: readonly unknown[] = [
  null,
  -1,
  0,
  1e9,
  1e308,
  -1e308,
  1.5,
  '',
  ' ',
  'line\nbreak',
  '\u001b[31mred',
  'x'.repeat(5_000),
  true,
  [],
  {},
  [1e9],
  JSON.parse(deep(20)),
  { __proto__: { admin: true } },
  '%ff',
  '../../etc/passwd',
];

function messages(): Record<string, unknown>[] {
  const d = device('fuzz-pi', ['fuzz']);
  return [
    { protocol: PROTOCOL_VERSION, type: 'register', device: d, agentVersion: '1' },
    { protocol: PROTOCOL_VERSION, type: 'heartbeat', deviceName: 'fuzz-pi', jobId: null },
    { protocol: PROTOCOL_VERSION, type: 'poll', deviceName: 'fuzz-pi' },
    { protocol: PROTOCOL_VERSION, type: 'result', jobId, attempt: 1, result: fakeResult(MODEL, d) },
    {
      protocol: PROTOCOL_VERSION,
      type: 'error',
      jobId,
      attempt: 1,
      error: { code: 'TIMEOUT', message: 'x' },
    },
    { modelSha256: SHA, device: 'fuzz-pi', batches: [1, 8], runs: 50, warmup: 1, timeoutMs: 5_000 },
  ];
}

const JSON_PATHS = [
  HTTP_PATHS.register,
  HTTP_PATHS.heartbeat,
  HTTP_PATHS.poll,
  HTTP_PATHS.result,
  HTTP_PATHS.error,
  HTTP_PATHS.jobs,
];

/** Every leaf path of a JSON value, e.g. ['device', 'tags', 0]. */
function leaves(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof v !== 'object' || v === null) return [at];
  const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
  return [at, ...entries.flatMap(([k, x]) => leaves(x, [...at, k]))];
}

function mutate(v: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
  copy[path[0]!] = mutate(copy[path[0]!], path.slice(1), value);
  return copy;
}

function inputs(): Input[] {
  const rand = prng(18);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const json = { 'content-type': 'application/json' };
  const fleet = { authorization: `Bearer ${TOKEN}` };
  const agent = { authorization: `Bearer ${deviceToken}` };
  const authFor = (path: string) =>
    path.startsWith('/api/v1/agents/') && !path.endsWith('register') ? agent : fleet;
  const out: Input[] = [];
  // Wrong types in every field of every message (each leaf × a few bad values).
  messages().forEach((m, i) => {
    const path = JSON_PATHS[i]!;
    for (const leaf of leaves(m)) {
      for (let k = 0; k < 2; k++) {
        const body = Buffer.from(JSON.stringify(mutate(m, leaf, pick(BAD_VALUES))));
        out.push({ method: 'POST', path, headers: { ...json, ...authFor(path) }, body });
      }
    }
  });
  // Malformed, deep and huge JSON on every JSON endpoint.
  const malformed = [
    '{',
    '{"a":',
    'nul',
    '[1,]',
    '{"a":1}}',
    '\u0000',
    '"\ud800"',
    deep(100_000),
    deep(33),
    `{"x":"${'a'.repeat(70 * 1024)}"}`,
  ];
  for (const path of JSON_PATHS)
    for (const text of malformed)
      out.push({ method: 'POST', path, headers: { ...json, ...authFor(path) }, body: Buffer.from(text) });
  for (const path of JSON_PATHS)
    out.push({
      method: 'POST',
      path,
      headers: { ...json, ...authFor(path) },
      body: Buffer.from([0xff, 0xfe, 0x7b]),
    });
  // Bad percent-encodings and odd paths, with and without a token.
  const badPaths = [
    '/api/v1/jobs/%ff',
    '/api/v1/jobs/%',
    '/api/v1/jobs/%zz',
    '/api/v1/jobs/%c0%af',
    `/api/v1/jobs/${'a'.repeat(4_000)}`,
    '/api/v1/models/%ff',
    '/api/v1/models/..%2f..%2fetc%2fpasswd',
    '/agent/ort/1.30.0/%',
    '/agent/ort/1.30.0/%ff',
    '/agent/ort/%/ort.min.js',
    '/agent/ort/1.30.0/..%2f..%2fpackage.json',
    '/agent/ort/9.9.9/ort.min.js',
    '/agent/%',
    '/%',
    '/api/v1/%ff',
    '/api/v1/jobs?state=%ff',
    '/api/v1/jobs?state=bogus',
    '/api/v1/jobs?state[]=queued',
    '/api/v1/jobs?limit=-1',
    '/api/v1/jobs?limit=1e9',
    '/api/v1/jobs?after=%ff',
    '/api/v1/models?kind=%ff',
  ];
  for (const path of badPaths)
    for (const method of ['GET', 'POST', 'DELETE', 'PUT'])
      for (const headers of [fleet, {}]) out.push({ method, path, headers });
  // Wrong methods and content types on every endpoint.
  const all = [
    ...JSON_PATHS,
    HTTP_PATHS.models,
    modelPath(SHA),
    `${HTTP_PATHS.jobs}/${jobId}`,
    HTTP_PATHS.devices,
    '/agent',
    '/agent/agent.js',
  ];
  for (const path of all) {
    for (const method of ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'GET', 'POST']) {
      out.push({
        method,
        path,
        headers: {
          ...fleet,
          'content-type': pick([
            'text/plain',
            'application/json',
            'application/x-www-form-urlencoded',
            'multipart/form-data',
          ]),
        },
        body: Buffer.from('a=1&b[c]=2'),
      });
    }
    for (const auth of [
      'Bearer',
      'Bearer a b',
      `Bearer ${TOKEN}\t`,
      'Basic Zm9vOmJhcg==',
      `bearer ${'x'.repeat(8_000)}`,
    ])
      out.push({ method: 'GET', path, headers: { authorization: auth } });
  }
  // Control characters and oversized names in registrations and job requests.
  for (const name of [
    'a\nb',
    'a\rb',
    'tab\there',
    '\u001b[2J',
    'x'.repeat(65),
    ' ',
    'nul\u0000',
    'bell\u0007',
    'sep\u2028',
  ]) {
    out.push({
      method: 'POST',
      path: HTTP_PATHS.register,
      headers: { ...json, ...fleet },
      body: Buffer.from(JSON.stringify(messages()[0] && { ...messages()[0], device: device(name) })),
    });
    out.push({
      method: 'POST',
      path: HTTP_PATHS.register,
      headers: { ...json, ...fleet },
      body: Buffer.from(JSON.stringify({ ...messages()[0], device: device('ok', [name]) })),
    });
    out.push({
      method: 'POST',
      path: HTTP_PATHS.jobs,
      headers: { ...json, ...fleet },
      body: Buffer.from(JSON.stringify({ modelSha256: SHA, device: name })),
    });
    out.push({
      method: 'POST',
      path: HTTP_PATHS.jobs,
      headers: { ...json, ...fleet },
      body: Buffer.from(JSON.stringify({ modelSha256: SHA, tag: name })),
    });
  }
  // Out-of-range job requests.
  for (const extra of [
    { batches: [1e9] },
    { batches: [4097] },
    { batches: Array.from({ length: 17 }, (_, i) => i + 1) },
    { runs: 100_000 },
    { runs: 1e300 },
    { warmup: 1e6 },
    { timeoutMs: 86_400_000 },
    { timeoutMs: 0 },
  ])
    out.push({
      method: 'POST',
      path: HTTP_PATHS.jobs,
      headers: { ...json, ...fleet },
      body: Buffer.from(JSON.stringify({ modelSha256: SHA, device: 'fuzz-pi', ...extra })),
    });
  // Random bytes as models and as JSON.
  for (let i = 0; i < 20; i++) {
    const bytes = Buffer.from(
      Array.from({ length: 1 + Math.floor(rand() * 300) }, () => Math.floor(rand() * 256)),
    );
    out.push({
      method: 'POST',
      path: HTTP_PATHS.models,
      headers: { ...fleet, 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    out.push({ method: 'POST', path: pick(JSON_PATHS), headers: { ...json, ...fleet }, body: bytes });
  }
  return out;
}

interface Reply {
  readonly status: number;
  readonly body: string;
}

function send(input: Input): Promise<Reply> {
  const { port } = new URL(c.url);
  return new Promise((resolve, reject) => {
    const headers = {
      ...input.headers,
      ...(input.body === undefined ? {} : { 'content-length': String(input.body.byteLength) }),
    };
    const req = request(
      { host: '127.0.0.1', port, path: input.path, method: input.method, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (b: Buffer) => chunks.push(b));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(input.body);
  });
}

/** A request that declares a body and never sends it: answered once the request time runs out. */
function withheldBody(path: string, declared: string): Promise<{ status: number; ms: number }> {
  const { port } = new URL(c.url);
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n{`,
      );
    });
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (data += d));
    socket.on('close', () =>
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1] ?? 0), ms: Date.now() - t0 }),
    );
    socket.on('error', reject);
    setTimeout(() => socket.destroy(), 8_000).unref();
  });
}

describe('the coordinator under 500+ bad inputs', () => {
  it('answers every one with a 4xx (never a 5xx) and keeps serving', { timeout: 30_000 }, async () => {
    const all = inputs();
    expect(all.length).toBeGreaterThanOrEqual(500);
    const failures: string[] = [];
    for (let i = 0; i < all.length; i += 16) {
      const batch = all.slice(i, i + 16);
      const replies = await Promise.all(batch.map(send));
      replies.forEach((r, k) => {
        const input = batch[k]!;
        if (r.status >= 500)
          failures.push(`${input.method} ${input.path.slice(0, 60)} → ${r.status} ${r.body.slice(0, 200)}`);
        // An error body is short and one JSON object with a code (static files answer 200/304).
        if (r.status >= 400 && input.path.startsWith('/api/')) {
          expect(r.body.length).toBeLessThan(2_000);
          expect(JSON.parse(r.body)).toMatchObject({ code: expect.any(String), message: expect.any(String) });
        }
      });
    }
    expect(failures).toEqual([]);
    expect((await raw(c.url, 'GET', HTTP_PATHS.devices, { token: TOKEN })).status).toBe(200);
    expect(logLines.filter((l) => l.startsWith('error in'))).toEqual([]);
    // Nothing the fuzzer sent could forge a log line.
    for (const line of logLines) expect(hasControlCharacters(line), line).toBe(false);
  });

  it.each([
    ['/api/v1/jobs/%ff', TOKEN],
    ['/agent/ort/1.30.0/%', undefined],
    ['/api/v1/models/%', TOKEN],
  ])('GET %s (bad percent-encoding) is a 400 REQUEST_INVALID, logged nowhere', async (path, token) => {
    const before = logLines.length;
    const res = await send({
      method: 'GET',
      path,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({
      code: 'REQUEST_INVALID',
      message: expect.stringContaining('percent-encoding'),
    });
    expect(logLines.length).toBe(before);
  });

  it(
    'answers a request whose declared body never arrives (408 or 413) instead of hanging',
    { timeout: 20_000 },
    async () => {
      const [never, huge] = await Promise.all([
        withheldBody(HTTP_PATHS.jobs, '100'),
        withheldBody(HTTP_PATHS.jobs, '1000000000000'),
      ]);
      expect(never.status).toBe(408);
      expect(never.ms).toBeLessThan(5_000);
      expect(huge.status).toBe(413);
      expect(huge.ms).toBeLessThan(5_000);
      expect((await raw(c.url, 'GET', HTTP_PATHS.devices, { token: TOKEN })).status).toBe(200);
    },
  );
});
