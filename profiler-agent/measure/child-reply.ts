// What the measuring child sends back: a measurement or a typed error, never a bare crash.
import type { ChildResult } from './fork-child.ts';
import type { MeasureOutcome } from './measure-batch.ts';

export type ChildReply = ChildResult<MeasureOutcome>;
