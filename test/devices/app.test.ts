// The coordinator's HTTP surface, in process on 127.0.0.1 port 0: the token on every endpoint,
// malformed and invalid bodies, unknown devices and jobs, model size and validity, the agent
// message flow — and after every bad request the coordinator still answers.
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../profiler-agent/measure/profile.ts';
import { HTTP_PATHS, jobPath, modelPath } from '../../profiler-agent/protocol-http.ts';
import { wideActivationModel } from '../profiler-agent/fixtures.ts';
import { useCoordinator } from './helpers/file-coordinator.ts';
import { device, fakeResult, tinyModel } from './helpers/fixtures.ts';
import { postJson, raw } from './helpers/http.ts';
import { registerDevice } from './helpers/register.ts';

const TOKEN = 'test-token-123456';
const MODEL = tinyModel();
const SHA = sha256(MODEL);
const c = useCoordinator('app', { token: TOKEN, maxModelBytes: 2_000, heartbeatMs: 60_000 });

const ENDPOINTS: readonly [string, string][] = [
  ['POST', HTTP_PATHS.register],
  ['POST', HTTP_PATHS.heartbeat],
  ['POST', HTTP_PATHS.poll],
  ['POST', HTTP_PATHS.result],
  ['POST', HTTP_PATHS.error],
  ['POST', HTTP_PATHS.models],
  ['GET', modelPath(SHA)],
  ['POST', HTTP_PATHS.jobs],
  ['GET', HTTP_PATHS.jobs],
  ['GET', jobPath('some-job')],
  ['GET', HTTP_PATHS.devices],
];

async function alive(): Promise<void> {
  expect((await raw(c.url, 'GET', HTTP_PATHS.devices, { token: TOKEN })).status).toBe(200);
}

describe('authentication', () => {
  it.each(ENDPOINTS)('%s %s refuses a missing, malformed or wrong token with 401', async (method, path) => {
    for (const auth of [
      undefined,
      'Basic dXNlcjpwYXNz',
      'Bearer',
      `Bearer ${TOKEN}x`,
      'Bearer wrong-token',
    ]) {
      const res = await raw(c.url, method, path, {
        ...(auth === undefined ? {} : { authorization: auth }),
        contentType: 'application/json',
        body: '{}',
      });
      expect(res.status, `${method} ${path} with ${auth ?? 'no header'}`).toBe(401);
      expect(res.json).toMatchObject({ code: 'AUTH_FAILED', message: expect.any(String) });
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('leaves the public agent page open and answers unknown paths with a JSON 404', async () => {
    expect((await raw(c.url, 'GET', HTTP_PATHS.agentPage)).status).not.toBe(401);
    expect((await raw(c.url, 'GET', '/api/v1/nothing', { token: TOKEN })).json).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await raw(c.url, 'GET', '/api/v1/nothing')).status).toBe(401);
  });
});

describe('bad requests', () => {
  it.each(ENDPOINTS)('%s %s answers malformed JSON with 400 and a clear message', async (method, path) => {
    const res = await raw(c.url, method, path, {
      token: TOKEN,
      contentType: 'application/json',
      body: '{"protocol": 1, "type": ',
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      code: 'REQUEST_INVALID',
      message: expect.stringMatching(/^the request body is not valid JSON: /),
    });
    await alive();
  });

  it.each(ENDPOINTS.filter(([m, p]) => m === 'POST' && p !== HTTP_PATHS.models))(
    'POST %s refuses a body that is not the right object',
    async (_m, path) => {
      for (const body of ['[1, 2]', '{"protocol": 1, "type": "nonsense"}', '{"protocol": 7}']) {
        const res = await raw(c.url, 'POST', path, { token: TOKEN, contentType: 'application/json', body });
        expect(res.status, body).toBe(400);
        expect((res.json as { code: string }).code).toMatch(/^(REQUEST_INVALID|PROTOCOL_INVALID)$/);
      }
      const text = await raw(c.url, 'POST', path, { token: TOKEN, contentType: 'text/plain', body: 'hello' });
      expect(text.status).toBe(400);
      expect(text.json).toMatchObject({ message: expect.stringContaining('JSON object') });
      await alive();
    },
  );

  it('refuses a model over the size limit (413), a corrupt one (400) and an upload that is not bytes', async () => {
    const big = await raw(c.url, 'POST', HTTP_PATHS.models, {
      token: TOKEN,
      contentType: 'application/octet-stream',
      body: wideActivationModel(),
    });
    expect(big.status).toBe(413);
    expect(big.json).toEqual({
      code: 'MODEL_TOO_LARGE',
      message: expect.stringContaining('limit of 2000 bytes'),
    });
    const corrupt = await raw(c.url, 'POST', HTTP_PATHS.models, {
      token: TOKEN,
      contentType: 'application/octet-stream',
      body: 'this is not an ONNX model',
    });
    expect(corrupt.status).toBe(400);
    expect(corrupt.json).toMatchObject({
      code: 'ONNX_INVALID',
      message: expect.stringMatching(/not an ONNX model/),
    });
    const empty = await raw(c.url, 'POST', HTTP_PATHS.models, {
      token: TOKEN,
      contentType: 'application/octet-stream',
    });
    expect(empty.status).toBe(400);
    await alive();
  });

  it('refuses jobs for an unknown device, tag or model with 404 and invalid specs with 400', async () => {
    await raw(c.url, 'POST', HTTP_PATHS.models, {
      token: TOKEN,
      contentType: 'application/octet-stream',
      body: MODEL,
    });
    const noDevice = await postJson(c.url, HTTP_PATHS.jobs, TOKEN, { modelSha256: SHA, device: 'ghost' });
    expect(noDevice.status).toBe(404);
    expect(noDevice.json).toMatchObject({
      code: 'DEVICE_UNKNOWN',
      message: expect.stringContaining("no device named 'ghost'"),
    });
    expect(
      (await postJson(c.url, HTTP_PATHS.jobs, TOKEN, { modelSha256: SHA, tag: 'ghosts' })).json,
    ).toMatchObject({ code: 'DEVICE_UNKNOWN' });
    expect(
      (await postJson(c.url, HTTP_PATHS.jobs, TOKEN, { modelSha256: 'a'.repeat(64), device: 'x' })).json,
    ).toMatchObject({ code: 'MODEL_UNKNOWN' });
    const both = await postJson(c.url, HTTP_PATHS.jobs, TOKEN, { modelSha256: SHA, device: 'a', tag: 'b' });
    expect(both.status).toBe(400);
    expect(both.json).toMatchObject({ message: expect.stringContaining('exactly one of device') });
    const batches = await postJson(c.url, HTTP_PATHS.jobs, TOKEN, {
      modelSha256: SHA,
      device: 'a',
      batches: [1, 0],
    });
    expect(batches.json).toMatchObject({
      code: 'REQUEST_INVALID',
      message: expect.stringContaining("field 'batches.1'"),
    });
    expect((await raw(c.url, 'GET', jobPath('nope'), { token: TOKEN })).json).toMatchObject({
      code: 'JOB_UNKNOWN',
    });
    // Model downloads are the agents' (a device token); the fleet token is the users'.
    expect((await raw(c.url, 'GET', modelPath('0'.repeat(64)), { token: TOKEN })).status).toBe(403);
    const ghostToken = await registerDevice(c.url, TOKEN, device('ghost-owner'));
    expect((await raw(c.url, 'GET', modelPath('0'.repeat(64)), { token: ghostToken })).status).toBe(404);
    expect((await raw(c.url, 'GET', `${HTTP_PATHS.jobs}?state=bogus`, { token: TOKEN })).status).toBe(400);
    const beat = await postJson(c.url, HTTP_PATHS.heartbeat, ghostToken, {
      protocol: 1,
      type: 'heartbeat',
      deviceName: 'ghost',
      jobId: null,
    });
    expect(beat.status).toBe(403);
    expect(beat.json).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining("'ghost-owner'") });
    await alive();
  });
});

describe('the agent message flow over HTTP', () => {
  it('registers, dispatches with a model URL, accepts one result, recognises a resend and refuses a late attempt', async () => {
    const d = device('pi-1', ['pi']);
    const reg = await postJson(c.url, HTTP_PATHS.register, TOKEN, {
      protocol: 1,
      type: 'register',
      device: d,
      agentVersion: '0.1.0',
    });
    expect(reg.json).toEqual({
      protocol: 1,
      type: 'registered',
      deviceName: 'pi-1',
      heartbeatMs: 60_000,
      deviceToken: expect.stringMatching(/^[\w-]{32}$/),
    });
    const AGENT = (reg.json as { deviceToken: string }).deviceToken;
    const up = await raw(c.url, 'POST', HTTP_PATHS.models, {
      token: TOKEN,
      contentType: 'application/octet-stream',
      body: MODEL,
    });
    expect(up.json).toEqual({ sha256: SHA, bytes: MODEL.byteLength, created: false });
    const sub = await postJson(c.url, HTTP_PATHS.jobs, TOKEN, {
      modelSha256: SHA,
      tag: 'pi',
      batches: [1, 2],
      runs: 50,
      warmup: 2,
    });
    expect(sub.status).toBe(201);
    const id = (sub.json as { id: string }).id;

    const poll = await postJson(c.url, HTTP_PATHS.poll, AGENT, {
      protocol: 1,
      type: 'poll',
      deviceName: 'pi-1',
    });
    expect(poll.json).toMatchObject({
      type: 'job',
      id,
      attempt: 1,
      modelSha256: SHA,
      modelBytes: MODEL.byteLength,
      model: { url: modelPath(SHA) },
      batches: [1, 2],
      runs: 50,
      warmup: 2,
    });
    const bytes = await raw(c.url, 'GET', modelPath(SHA), { token: AGENT });
    expect(sha256(bytes.body)).toBe(SHA);
    expect(
      (
        await postJson(c.url, HTTP_PATHS.heartbeat, AGENT, {
          protocol: 1,
          type: 'heartbeat',
          deviceName: 'pi-1',
          jobId: id,
        })
      ).json,
    ).toEqual({ protocol: 1, type: 'ack', duplicate: false });

    const result = { protocol: 1, type: 'result', jobId: id, attempt: 1, result: fakeResult(MODEL, d) };
    expect((await postJson(c.url, HTTP_PATHS.result, AGENT, result)).json).toEqual({
      protocol: 1,
      type: 'ack',
      duplicate: false,
    });
    expect((await postJson(c.url, HTTP_PATHS.result, AGENT, result)).json).toEqual({
      protocol: 1,
      type: 'ack',
      duplicate: true,
    });
    const late = await postJson(c.url, HTTP_PATHS.result, AGENT, { ...result, attempt: 2 });
    expect(late.status).toBe(409);
    expect(late.json).toMatchObject({ code: 'ATTEMPT_SUPERSEDED' });
    const wrongModel = await postJson(c.url, HTTP_PATHS.result, AGENT, {
      ...result,
      result: { ...result.result, modelSha256: 'b'.repeat(64) },
    });
    expect(wrongModel.status).toBe(400);

    const job = (await raw(c.url, 'GET', jobPath(id), { token: TOKEN })).json as {
      state: string;
      result: unknown;
      attempts: unknown[];
    };
    expect(job.state).toBe('done');
    expect(job.result).toEqual(result.result);
    expect(job.attempts).toEqual([
      expect.objectContaining({ attempt: 1, deviceName: 'pi-1', outcome: 'done' }),
    ]);
    const devices = (await raw(c.url, 'GET', HTTP_PATHS.devices, { token: TOKEN })).json as {
      name: string;
      online: boolean;
    }[];
    expect(devices.filter((d) => d.name === 'pi-1')).toEqual([
      expect.objectContaining({ name: 'pi-1', online: true, tags: ['pi'] }),
    ]);
    expect(
      (await postJson(c.url, HTTP_PATHS.poll, AGENT, { protocol: 1, type: 'poll', deviceName: 'pi-1' })).json,
    ).toMatchObject({ type: 'idle' });
  });
});
