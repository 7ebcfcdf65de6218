// What the measuring child sends back: a measurement or a typed error, never a bare crash.
import type { ErrorInfo } from '../protocol.ts';
import type { MeasureOutcome } from './measure-batch.ts';

export type ChildReply =
  ({ readonly ok: true } & MeasureOutcome) | { readonly ok: false; readonly error: ErrorInfo };
