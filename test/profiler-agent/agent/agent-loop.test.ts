// The pull loop against a scripted transport and a fake measurement (no processes, no network):
// the order of calls, heartbeats during a job, outages, re-registration, refused and rejected
// reports, a bad model, a stop mid-job and a wrong token.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runAgentLoop } from '../../../profiler-agent/agent/agent-loop.ts';
import type { Measure } from '../../../profiler-agent/agent/job-runner.ts';
import { type AgentTransport, TransportError } from '../../../profiler-agent/agent/transport.ts';
import { AGENT_VERSION } from '../../../profiler-agent/agent/version.ts';
import { AgentError } from '../../../profiler-agent/errors.ts';
import { sha256 } from '../../../profiler-agent/measure/profile.ts';
import type {
  ErrorMessage,
  HeartbeatMessage,
  IdleMessage,
  JobMessage,
  RegisteredMessage,
  RegisterMessage,
  ResultMessage,
} from '../../../profiler-agent/protocol.ts';
import { device, fakeResult, tinyModel } from '../../devices/helpers/fixtures.ts';
import type { AckMessage } from '../../../profiler-agent/protocol-http.ts';

const MODEL = tinyModel();
const DEVICE = device('unit', ['t']);

function job(id: string, overrides: Partial<JobMessage> = {}): JobMessage {
  return {
    protocol: 1,
    type: 'job',
    id,
    attempt: 1,
    modelSha256: sha256(MODEL),
    modelBytes: MODEL.byteLength,
    model: { base64: Buffer.from(MODEL).toString('base64') },
    batches: [1, 2],
    runs: 50,
    warmup: 2,
    timeoutMs: 10_000,
    ...overrides,
  };
}

type Step<T> = T | Error | (() => T | Promise<T>);

/** Answers each call from a script; when a poll script runs out, the loop is stopped. */
class ScriptedTransport implements AgentTransport {
  readonly peer = 'scripted';
  readonly registers: RegisterMessage[] = [];
  readonly heartbeats: HeartbeatMessage[] = [];
  readonly reports: (ResultMessage | ErrorMessage)[] = [];
  readonly fetched: string[] = [];
  closed = false;

  constructor(
    private readonly stop: AbortController,
    private readonly script: {
      register?: Step<RegisteredMessage>[];
      heartbeat?: Step<AckMessage>[];
      poll: Step<JobMessage | IdleMessage>[];
      report?: Step<void>[];
      fetch?: Step<Uint8Array>[];
    },
  ) {}

  private async next<T>(steps: Step<T>[] | undefined, fallback: () => T): Promise<T> {
    const step = steps?.shift();
    if (step === undefined) return fallback();
    if (step instanceof Error) throw step;
    return typeof step === 'function' ? await (step as () => T | Promise<T>)() : step;
  }

  register(msg: RegisterMessage): Promise<RegisteredMessage> {
    this.registers.push(msg);
    return this.next(
      this.script.register,
      () => ({ protocol: 1, type: 'registered', deviceName: msg.device.name, heartbeatMs: 10 }) as const,
    );
  }

  heartbeat(msg: HeartbeatMessage): Promise<AckMessage> {
    this.heartbeats.push(msg);
    return this.next(this.script.heartbeat, () => ({ protocol: 1, type: 'ack', duplicate: false }) as const);
  }

  poll(): Promise<JobMessage | IdleMessage> {
    return this.next(this.script.poll, () => {
      this.stop.abort();
      return { protocol: 1, type: 'idle', retryMs: 0 } as const;
    });
  }

  fetchModel(url: string): Promise<Uint8Array> {
    this.fetched.push(url);
    return this.next(this.script.fetch, () => MODEL);
  }

  report(msg: ResultMessage | ErrorMessage): Promise<void> {
    this.reports.push(msg);
    return this.next(this.script.report, () => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

const instant: Measure = async (model, _job, d) => fakeResult(model, d);
const unreachable = (): TransportError => new TransportError('unreachable', 'connect ECONNREFUSED');

async function run(
  script: ConstructorParameters<typeof ScriptedTransport>[1],
  measure: Measure = instant,
  maxModelBytes?: number,
) {
  const stop = new AbortController();
  const transport = new ScriptedTransport(stop, script);
  const lines: string[] = [];
  const done = runAgentLoop({
    transport,
    device: DEVICE,
    signal: stop.signal,
    measure,
    backoff: { initialMs: 1, maxMs: 4 },
    log: (l) => lines.push(l),
    ...(maxModelBytes === undefined ? {} : { maxModelBytes }),
  });
  return { stop, transport, lines, done };
}

describe('the agent pull loop', () => {
  it('registers, measures a job while sending heartbeats that name it, and delivers the result', async () => {
    const slow: Measure = async (model, j, d) => {
      await new Promise((r) => setTimeout(r, 60));
      return fakeResult(model, d);
    };
    const { transport, done } = await run(
      { poll: [{ protocol: 1, type: 'idle', retryMs: 1 }, job('j1')] },
      slow,
    );
    await done;
    expect(transport.registers).toEqual([
      { protocol: 1, type: 'register', device: DEVICE, agentVersion: AGENT_VERSION },
    ]);
    expect(transport.reports).toEqual([
      { protocol: 1, type: 'result', jobId: 'j1', attempt: 1, result: fakeResult(MODEL, DEVICE) },
    ]);
    expect(transport.heartbeats.filter((h) => h.jobId === 'j1').length).toBeGreaterThanOrEqual(2);
    expect(transport.fetched).toEqual([]);
    expect(transport.closed).toBe(true);
  });

  it('rides out an outage, registers again when forgotten and resends a report until it is recorded', async () => {
    const { transport, lines, done } = await run({
      poll: [
        unreachable(),
        unreachable(),
        new TransportError('unknown-device', 'no device named unit'),
        job('j2', { model: { url: '/api/v1/models/x' } }),
      ],
      report: [unreachable()],
    });
    await done;
    expect(transport.registers).toHaveLength(2);
    expect(transport.fetched).toEqual(['/api/v1/models/x']);
    expect(transport.reports).toHaveLength(2);
    expect(transport.reports[0]).toEqual(transport.reports[1]);
    expect(lines.filter((l) => l.includes('retrying with backoff'))).toHaveLength(2);
    expect(lines.some((l) => l.includes('reachable again'))).toBe(true);
  });

  it('drops a refused report and goes on to the next job', async () => {
    const { transport, done } = await run({
      poll: [job('late', { attempt: 1 }), job('next', { attempt: 2 })],
      report: [new TransportError('refused', 'superseded')],
    });
    await done;
    expect(transport.reports.map((r) => [r.jobId, r.type])).toEqual([
      ['late', 'result'],
      ['next', 'result'],
    ]);
  });

  it('replaces a result the coordinator rejects with an error report', async () => {
    const { transport, done } = await run({
      poll: [job('j')],
      report: [new TransportError('rejected', 'invalid result')],
    });
    await done;
    expect(transport.reports[1]).toMatchObject({
      type: 'error',
      jobId: 'j',
      error: { code: 'PROTOCOL_INVALID', message: expect.stringContaining('invalid result') },
    });
  });

  it('reports a model that is not the announced one, one over its limit and one the runtime rejects', async () => {
    const rejecting: Measure = async () => {
      throw new AgentError('MODEL_INVALID', 'the runtime rejected the model');
    };
    const wrong = await run({ poll: [job('sha', { modelSha256: 'f'.repeat(64) })] });
    await wrong.done;
    expect(wrong.transport.reports[0]).toMatchObject({
      type: 'error',
      error: { code: 'PROTOCOL_INVALID', message: expect.stringContaining('is not the one announced') },
    });
    const big = await run({ poll: [job('big', { model: { url: '/m' }, modelBytes: 10_000 })] }, instant, 100);
    await big.done;
    expect(big.transport.reports[0]).toMatchObject({ type: 'error', error: { code: 'MODEL_TOO_LARGE' } });
    expect(big.transport.fetched).toEqual([]);
    const bad = await run({ poll: [job('bad')] }, rejecting);
    await bad.done;
    expect(bad.transport.reports[0]).toEqual({
      protocol: 1,
      type: 'error',
      jobId: 'bad',
      attempt: 1,
      error: { code: 'MODEL_INVALID', message: 'the runtime rejected the model' },
    });
  });

  it('stops mid-job by reporting the job as interrupted', async () => {
    const box: { stop?: AbortController } = {};
    const never: Measure = () => {
      setTimeout(() => box.stop!.abort(), 20);
      return new Promise(() => {});
    };
    const r = await run({ poll: [job('cut')] }, never);
    box.stop = r.stop;
    await r.done;
    expect(r.transport.reports).toEqual([
      {
        protocol: 1,
        type: 'error',
        jobId: 'cut',
        attempt: 1,
        error: { code: 'INTERNAL', message: 'the agent was stopped during the job' },
      },
    ]);
  });

  it('gives up with a usage error when the coordinator refuses the token', async () => {
    const { done } = await run({
      register: [new TransportError('unauthorized', 'wrong token [AUTH_FAILED]')],
      poll: [],
    });
    await expect(done).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('refused the token'),
    });
  });

  it('exits with one line on picking --name when another agent is online under its name', async () => {
    const { done, transport } = await run({
      register: [new TransportError('name-taken', "a device named 'pi' is online [DEVICE_NAME_TAKEN]")],
      poll: [],
    });
    const err = (await done.catch((e: unknown) => e)) as Error & { code: string };
    expect(err.code).toBe('USAGE');
    expect(err.message).toMatch(/another agent is online as '.*'.*--name NAME/);
    expect(err.message).not.toContain('\n');
    expect(transport.registers).toHaveLength(1);
  });

  it('stops when the coordinator refuses its device token for its name (403)', async () => {
    const { done } = await run({
      poll: [new TransportError('forbidden', "this token belongs to device 'x' [FORBIDDEN]")],
    });
    await expect(done).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('FORBIDDEN'),
    });
  });

  it("stops the job's measurement when a heartbeat says the job was cancelled", async () => {
    let seen: AbortSignal | undefined;
    const slow: Measure = (_m, _j, _d, signal) => {
      seen = signal;
      return new Promise((_resolve, reject) =>
        signal?.addEventListener('abort', () => reject(new Error('killed')), { once: true }),
      );
    };
    const { done, transport, lines } = await run(
      {
        heartbeat: [
          { protocol: 1, type: 'ack', duplicate: false },
          { protocol: 1, type: 'ack', duplicate: false, stop: true },
        ],
        poll: [job('cancel-me')],
      },
      slow,
    );
    await done;
    expect(seen?.aborted).toBe(true);
    expect(
      lines.some((l) => /job cancel-me: the coordinator says it is no longer this device's/.test(l)),
    ).toBe(true);
    expect(transport.reports).toEqual([expect.objectContaining({ type: 'error', jobId: 'cancel-me' })]);
  });

  it('gives up delivering a report after giveUpMs of retries and goes on polling', async () => {
    const stop = new AbortController();
    const down = (): TransportError => unreachable();
    const transport = new ScriptedTransport(stop, {
      poll: [job('undeliverable'), { protocol: 1, type: 'idle', retryMs: 0 }],
      report: Array.from({ length: 1000 }, down),
    });
    const lines: string[] = [];
    await runAgentLoop({
      transport,
      device: DEVICE,
      signal: stop.signal,
      measure: instant,
      backoff: { initialMs: 1, maxMs: 2, giveUpMs: 30 },
      log: (l) => lines.push(l),
    });
    expect(transport.reports.length).toBeGreaterThan(1);
    expect(transport.reports.length).toBeLessThan(1000);
    expect(lines).toContainEqual(
      expect.stringMatching(/job undeliverable: giving up before the result could be delivered/),
    );
  });

  it('registers with the version in its package.json', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../../profiler-agent/package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(AGENT_VERSION).toBe(pkg.version);
  });
});
