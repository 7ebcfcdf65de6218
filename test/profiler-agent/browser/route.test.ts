// devices/browser-agent-route.ts on a bare express app with the coordinator's 404 and error
// handlers: the page, its bundled scripts (no Node module in them), and onnxruntime-web's files
// from node_modules, versioned and nothing else.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireToken } from '../../../devices/auth.ts';
import { mountBrowserAgent } from '../../../devices/browser-agent-route.ts';
import { errorMiddleware, notFound } from '../../../devices/errors-middleware.ts';
import { CONFIG_ELEMENT_ID, type PageConfig } from '../../../profiler-agent/browser/page-config.ts';
import { FLEET } from '../../../devices/service/credentials.ts';

const ORT_VERSION = (
  JSON.parse(
    readFileSync(new URL('../../../node_modules/onnxruntime-web/package.json', import.meta.url), 'utf8'),
  ) as { version: string }
).version;
let server: Server;
let base: string;

beforeAll(async () => {
  // As the coordinator's app has it: the token check first, then the routes.
  const app = express();
  app.use(requireToken({ identify: (t) => (t === 'route-test-token' ? FLEET : null) }));
  mountBrowserAgent(app);
  app.use(notFound);
  app.use(errorMiddleware(() => {}));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = (path: string): Promise<Response> => fetch(base + path);

describe('mountBrowserAgent', () => {
  it('serves the page, cross-origin isolated, with where onnxruntime-web is', async () => {
    const res = await get('/agent');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    const html = await res.text();
    const json = new RegExp(`<script type="application/json" id="${CONFIG_ELEMENT_ID}">(.*?)</script>`).exec(
      html,
    )?.[1];
    const config = JSON.parse(json ?? 'null') as PageConfig;
    expect(config).toEqual({
      ortBaseUrl: `/agent/ort/${ORT_VERSION}/`,
      ortVersion: ORT_VERSION,
      frameUrl: '/agent/measure.html',
    });
    expect(html).toContain('<script type="module" src="/agent/agent.js">');
  });

  it('bundles the page and frame scripts for the browser, with no Node module left in them', async () => {
    for (const path of ['/agent/agent.js', '/agent/measure.js']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
      const js = await res.text();
      expect(js).not.toMatch(/(from\s*|import\(\s*|require\(\s*)["']node:/);
      expect(js).not.toMatch(/child_process|clear_refs/);
    }
    expect(await (await get('/agent/agent.js')).text()).toContain('/api/v1/agents/register');
    expect(await (await get('/agent/measure.js')).text()).toContain('instantiateStreaming');
  });

  it('serves onnxruntime-web from node_modules under its version, cacheable for good', async () => {
    const wasm = await get(`/agent/ort/${ORT_VERSION}/ort-wasm-simd-threaded.wasm`);
    expect(wasm.status).toBe(200);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(wasm.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);
    expect(new Uint8Array(await wasm.arrayBuffer()).subarray(0, 4)).toEqual(
      new Uint8Array([0x00, 0x61, 0x73, 0x6d]),
    );
    const entry = await get(`/agent/ort/${ORT_VERSION}/ort.wasm.min.mjs`);
    expect(entry.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('needs no token for the page and its assets, while everything else does', async () => {
    for (const path of ['/agent', '/agent/measure.html', `/agent/ort/${ORT_VERSION}/ort.wasm.min.mjs`]) {
      expect((await get(path)).status, path).toBe(200);
    }
    expect((await get('/api/v1/devices')).status).toBe(401);
  });

  it('refuses any other file, another version and paths out of the package as 404 NOT_FOUND', async () => {
    for (const path of [
      `/agent/ort/${ORT_VERSION}/ort.node.min.js`,
      '/agent/ort/0.0.1/ort.wasm.min.mjs',
      `/agent/ort/${ORT_VERSION}/..%2Fpackage.json`,
      `/agent/ort/${ORT_VERSION}/__proto__`,
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { code: string }).code).toBe('NOT_FOUND');
    }
  });
});
