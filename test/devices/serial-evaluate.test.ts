// Evaluate jobs over a serial line, in memory: the coordinator's bridge on one end, the real agent
// loop with its serial transport and the Node agent's classifier (a child process running
// onnxruntime-node) on the other. The input blob travels inline and the classes come back equal to
// onnxruntime-node's on the host; a blob the line cannot carry in reasonable time, or at all,
// fails the job at once in one line naming its size and the line's speed, and never reaches the
// agent. (The profile half uses the transport tests' stand-in result: the subject is the transfer.)
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Coordinator } from '../../devices/coordinator.ts';
import { startTestCoordinator } from './helpers/test-coordinator.ts';
import { LineServer } from '../../devices/serial-bridge.ts';
import { parseJobRequest } from '../../devices/service/job-request.ts';
import { runAgentLoop } from '../../profiler-agent/agent/agent-loop.ts';
import type { Evaluate } from '../../profiler-agent/agent/job-runner.ts';
import { nodeEvaluate } from '../../profiler-agent/evaluate/run-evaluate.ts';
import type { LinkOptions } from '../../profiler-agent/serial/link.ts';
import { SerialTransport } from '../../profiler-agent/serial/serial-transport.ts';
import { imageBlob, nodeClasses, plainCnnModel } from '../profiler-agent/browser/evaluate-fixture.ts';
import { memoryLine } from '../profiler-agent/serial/helpers/memory-line.ts';
import { device, fakeResult, SPEC } from './helpers/fixtures.ts';

const TOKEN = 'serial-evaluate-token-1';

async function waitUntil(ok: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('evaluate jobs over a serial line (in memory)', () => {
  const log: string[] = [];
  let c: Coordinator;
  const cleanup: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    c = await startTestCoordinator(TOKEN, { heartbeatMs: 500, idleRetryMs: 50, log: (l) => log.push(l) });
  });
  afterAll(() => c.close());
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  /** A bridge with `bridgeLink` options and an agent that classifies with `evaluate`. */
  async function serialAgent(name: string, bridgeLink: LinkOptions, evaluate: Evaluate): Promise<void> {
    const line = memoryLine();
    const server = new LineServer({
      peer: 'mem',
      agents: c.agents,
      gate: c.gate,
      heartbeatMs: 500,
      maxMessageBytes: 16 * 1024 * 1024,
      log: (l) => log.push(l),
      link: { ackTimeoutMs: 200, ...bridgeLink },
    });
    server.attach(line.a);
    const transport = new SerialTransport({
      peer: 'mem',
      token: TOKEN,
      connect: async () => ({ stream: line.b, close: async () => {} }),
      replyTimeoutMs: 5_000,
      link: { ackTimeoutMs: 200 },
    });
    const d = device(name);
    const stop = new AbortController();
    const loop = runAgentLoop({
      transport,
      device: d,
      signal: stop.signal,
      measure: async (bytes) => fakeResult(bytes, d),
      evaluate,
      log: (l) => log.push(`[${name}] ${l}`),
      backoff: { initialMs: 20, maxMs: 100 },
    });
    cleanup.push(async () => {
      stop.abort();
      await loop;
      await transport.close();
      server.detach();
    });
    await waitUntil(() => c.jobs.devices().some((x) => x.name === name), 5_000);
  }

  function submit(
    name: string,
    count: number,
  ): { id: string; model: Uint8Array } & ReturnType<typeof imageBlob> {
    const model = plainCnnModel();
    const images = imageBlob(count);
    const { sha256: modelSha256 } = c.jobs.putModel(model);
    const inputs = c.jobs.putInputs(images.blob);
    const job = c.jobs.submit(
      parseJobRequest({
        modelSha256,
        device: name,
        ...SPEC,
        evaluate: { sha256: inputs.sha256, ...images.layout, dims: [...images.layout.dims] },
      }),
    );
    return { id: job.id, model, ...images };
  }

  it("carries the inputs inline and returns onnxruntime-node's classes", async () => {
    await serialAgent('serial-eval', {}, nodeEvaluate);
    const job = submit('serial-eval', 300);
    await waitUntil(() => ['done', 'failed'].includes(c.jobs.job(job.id).state), 30_000);
    const view = c.jobs.job(job.id);
    expect(view.error, log.join('\n')).toBeNull();
    expect(view.result?.evaluation?.predictions).toEqual(await nodeClasses(job.model, job.blob, job.layout));
    expect(view.result?.evaluation?.samples).toBe(300);
  }, 40_000);

  it('fails a job the line cannot carry in time or at all, in one line naming the size and the speed', async () => {
    let evaluated = 0;
    const counting: Evaluate = (model, blob, input, d) => {
      evaluated++;
      return nodeEvaluate(model, blob, input, d);
    };
    // 2 000 images are 1.6 MB, 2.2 MB inline as base64 with the model: about 39 minutes at 9600 baud.
    await serialAgent('serial-slow', { baudRate: 9600 }, counting);
    const slow = submit('serial-slow', 2000);
    await waitUntil(() => c.jobs.job(slow.id).state === 'failed', 10_000);
    const error = c.jobs.job(slow.id).error!;
    expect(error.code).toBe('MODEL_TOO_LARGE');
    expect(error.message).not.toContain('\n');
    expect(error.message).toMatch(
      /^the evaluate job's inputs are 1\.6 MB, 2\.\d MB as the inline message: about \d\d min over the serial line at 9600 baud \(the limit is 5 min\)/,
    );
    // Over the link's message limit: refused whatever the speed.
    await serialAgent('serial-small', { maxMessageBytes: 1 << 20 }, counting);
    const big = submit('serial-small', 2000);
    await waitUntil(() => c.jobs.job(big.id).state === 'failed', 10_000);
    expect(c.jobs.job(big.id).error!.message).toMatch(/over the serial link's limit of 1\.0 MB/);
    expect(evaluated).toBe(0);
    expect(c.jobs.job(slow.id).attempts).toHaveLength(1); // failed at once, not after every lease
  }, 30_000);
});
