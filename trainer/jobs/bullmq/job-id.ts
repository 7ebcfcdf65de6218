// A job's id is a pure function of what it asks for: the run, the candidate and a hash of the
// whole job. Submitting the same job twice (a resumed search) finds the first one — finished,
// running or queued — instead of training again; BullMQ ignores an add under an existing id.
import { createHash } from 'node:crypto';
import type { JobData } from './wire.ts';

export function jobIdOf(data: JobData): string {
  const digest = createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16);
  // BullMQ reserves ':' in custom ids.
  const candidate = data.candidate.replace(/[^A-Za-z0-9_.-]/g, '_');
  return `${data.runId}.${candidate}.${digest}`;
}
