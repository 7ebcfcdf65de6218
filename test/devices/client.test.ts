// The user client against a coordinator and an agent loop, both in this process (the agent's
// measurement faked, so no processes): the result comes back as the agent sent it, and each
// failure a user can meet arrives as one typed error with a clear message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoordinatorClient, parseDeviceTarget, profileOnCoordinator } from '../../devices/client.ts';
import { runAgentLoop } from '../../profiler-agent/agent/agent-loop.ts';
import { HttpTransport } from '../../profiler-agent/agent/http-transport.ts';
import { AgentError } from '../../profiler-agent/errors.ts';
import { useCoordinator } from './helpers/file-coordinator.ts';
import { device, fakeResult, tinyModel } from './helpers/fixtures.ts';
import { freePort } from './helpers/processes.ts';

const TOKEN = 'client-token-123456';
const c = useCoordinator('client', { token: TOKEN, heartbeatMs: 1_000, idleRetryMs: 20 });
const stop = new AbortController();
let agent: Promise<void>;

beforeAll(async () => {
  agent = runAgentLoop({
    transport: new HttpTransport({ url: c.url, token: TOKEN }),
    device: device('fake-1', ['fake']),
    signal: stop.signal,
    measure: async (model, job, d) => {
      if (job.batches.includes(3))
        throw new AgentError('MODEL_UNSUPPORTED', 'the model has a fixed batch of 1; it cannot run batch 3');
      return fakeResult(model, d);
    },
  });
  const client = new CoordinatorClient({ url: c.url, token: TOKEN });
  while (!(await client.devices()).some((d) => d.name === 'fake-1'))
    await new Promise((r) => setTimeout(r, 20));
});
afterAll(async () => {
  stop.abort();
  await agent;
});

describe('the coordinator client', () => {
  it('returns the ProfileResult the agent measured, for a device name or a tag', async () => {
    const model = tinyModel();
    const updates: string[] = [];
    const byName = await profileOnCoordinator(model, {
      coordinator: c.url,
      token: TOKEN,
      device: 'fake-1',
      pollMs: 20,
      onUpdate: (j) => updates.push(j.state),
    });
    expect(byName).toEqual(fakeResult(model, device('fake-1', ['fake'])));
    expect(updates.at(-1)).toBe('done');
    expect(
      (await profileOnCoordinator(model, { coordinator: c.url, token: TOKEN, tag: 'fake', pollMs: 20 }))
        .device.name,
    ).toBe('fake-1');
  });

  it('turns each failure into one typed error', async () => {
    const model = tinyModel();
    const base = { coordinator: c.url, token: TOKEN, pollMs: 20 };
    await expect(
      profileOnCoordinator(model, { ...base, device: 'fake-1', batches: [1, 3] }),
    ).rejects.toMatchObject({
      code: 'JOB_FAILED',
      message: expect.stringMatching(
        /failed on 'fake-1': the model has a fixed batch of 1; it cannot run batch 3 \[MODEL_UNSUPPORTED\]$/,
      ),
    });
    await expect(profileOnCoordinator(model, { ...base, device: 'ghost' })).rejects.toMatchObject({
      code: 'DEVICE_UNKNOWN',
      message: expect.stringContaining("'ghost'"),
    });
    await expect(
      profileOnCoordinator(model, { ...base, token: 'wrong-token', device: 'fake-1' }),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    await expect(
      profileOnCoordinator(new TextEncoder().encode('not onnx'), { ...base, device: 'fake-1' }),
    ).rejects.toMatchObject({ code: 'ONNX_INVALID' });
    await expect(
      profileOnCoordinator(model, {
        ...base,
        coordinator: `http://127.0.0.1:${await freePort()}`,
        device: 'fake-1',
      }),
    ).rejects.toMatchObject({
      code: 'COORDINATOR_UNREACHABLE',
    });
    c.coordinator.agents.register({
      protocol: 1,
      type: 'register',
      device: device('asleep'),
      agentVersion: '0',
    });
    await expect(
      profileOnCoordinator(model, { ...base, device: 'asleep', timeoutMs: 200 }),
    ).rejects.toMatchObject({ code: 'JOB_TIMEOUT', message: expect.stringContaining('still queued') });
  });

  it('reads --device as a name or tag:TAG', () => {
    expect(parseDeviceTarget('pi-5')).toEqual({ device: 'pi-5' });
    expect(parseDeviceTarget('tag:arm64')).toEqual({ tag: 'arm64' });
    expect(() => parseDeviceTarget(' ')).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});
