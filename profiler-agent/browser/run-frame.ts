/// <reference lib="dom" />
// Runs one measurement in a fresh iframe (measure-frame.ts) and removes it afterwards: the page
// side of the frame protocol, with the job's wall-clock limit per batch size. The frame shares
// the page's thread, so the limit is checked between inference runs; a single run that never
// returns holds the page too (a worker could be killed, but DevTools CPU throttling does not
// reach workers, and a throttled page is how a slow phone is stood in for).
import { AgentError } from '../errors.ts';
import type { SessionOptions } from '../protocol.ts';
import type { FrameReply, FrameRequest } from './frame-messages.ts';
import type { BrowserMeasureOutcome } from './measure-batch.ts';

const READY_GRACE_MS = 5_000;

export interface FrameSettings {
  /** URL of the measuring frame's document (GET /agent/measure.html). */
  readonly frameUrl: string;
  /** Directory URL of onnxruntime-web's files, ending in '/'. */
  readonly ortBaseUrl: string;
  /** env.wasm.numThreads; the session options' intraOpNumThreads. */
  readonly threads: number;
  /** Where the frame is attached; default document.body. */
  readonly container?: HTMLElement;
}

export interface FrameJob {
  readonly model: Uint8Array;
  readonly batch: number;
  readonly runs: number;
  readonly warmup: number;
  readonly warmupMinMs: number;
  readonly sessionOptions: SessionOptions;
  readonly timeoutMs: number;
}

/** The job as the frame's request, with a copy of the model the frame takes over. */
function measureRequest(job: FrameJob, settings: FrameSettings): FrameRequest {
  return {
    type: 'measure',
    ortBaseUrl: settings.ortBaseUrl,
    threads: settings.threads,
    model: job.model.slice().buffer,
    batch: job.batch,
    runs: job.runs,
    warmup: job.warmup,
    warmupMinMs: job.warmupMinMs,
    sessionOptions: job.sessionOptions,
  };
}

export function measureInFrame(job: FrameJob, settings: FrameSettings): Promise<BrowserMeasureOutcome> {
  const frame = document.createElement('iframe');
  frame.title = `memnas measurement, batch ${job.batch}`;
  frame.style.cssText = 'width:1px;height:1px;border:0;position:absolute;left:-10px;top:-10px';
  frame.src = settings.frameUrl;
  return new Promise<BrowserMeasureOutcome>((resolve, reject) => {
    let started = false;
    const finish = (): void => {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      frame.remove();
    };
    const fail = (e: AgentError): void => {
      finish();
      reject(e);
    };
    const timer = setTimeout(
      () =>
        fail(
          new AgentError(
            'TIMEOUT',
            `measuring batch ${job.batch} took longer than ${job.timeoutMs} ms; the frame was removed`,
          ),
        ),
      job.timeoutMs,
    );
    const onMessage = (event: MessageEvent<FrameReply>): void => {
      if (event.source !== frame.contentWindow || event.origin !== location.origin) return;
      const reply = event.data;
      if (reply.type === 'ready') {
        started = true;
        const req = measureRequest(job, settings);
        frame.contentWindow?.postMessage(req, location.origin, [req.model]);
      } else if (reply.ok) {
        finish();
        resolve({ measurement: reply.measurement, runtime: reply.runtime });
      } else {
        fail(new AgentError(reply.error.code, reply.error.message));
      }
    };
    window.addEventListener('message', onMessage);
    // The frame's module script runs before its load event, so its 'ready' is already queued by
    // then; a frame still silent a while after loading failed to start (a 404, a script error).
    frame.addEventListener('load', () => {
      setTimeout(() => {
        if (!started)
          fail(
            new AgentError(
              'MEASURE_FAILED',
              `the measuring frame ${settings.frameUrl} loaded but did not start (see the browser console)`,
            ),
          );
      }, READY_GRACE_MS);
    });
    (settings.container ?? document.body).append(frame);
  });
}
