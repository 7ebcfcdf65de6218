// The messages between the agent page and a measuring frame (window.postMessage, same origin):
// the frame says it is ready, the page sends one request, the frame answers once.
import type { ErrorInfo, SessionOptions } from '../protocol.ts';
import type { BrowserMeasureOutcome } from './measure-batch.ts';

export interface FrameRequest {
  readonly type: 'measure';
  /** Directory URL of onnxruntime-web's files, ending in '/'. */
  readonly ortBaseUrl: string;
  readonly threads: number;
  /** The model's bytes, transferred (a structured-clone copy would be a second model in memory). */
  readonly model: ArrayBuffer;
  readonly batch: number;
  readonly runs: number;
  readonly warmup: number;
  readonly sessionOptions: SessionOptions;
  readonly warmupMinMs: number;
}

export type FrameReply =
  | { readonly type: 'ready' }
  | ({ readonly type: 'done'; readonly ok: true } & BrowserMeasureOutcome)
  | { readonly type: 'done'; readonly ok: false; readonly error: ErrorInfo };
