// Field schemas of the agent protocol, each carrying the one-line problem a peer is told when a
// field is wrong ('must be a finite number', …): the message schemas are built from these, so
// every field of a kind is checked and worded alike. zod/mini keeps the agent's install small.
import * as z from 'zod/mini';
import { hasControlCharacters, nameProblem } from '../names.ts';

/** Longest descriptive string (cpu model, os, runtime name) the coordinator accepts and logs. */
export const MAX_LINE_LENGTH = 256;

const SHA256 = /^[0-9a-f]{64}$/;

export function object<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.object(shape, { error: 'must be an object' });
}

export function str() {
  return z.string({ error: 'must be a string' });
}

export function bool() {
  return z.boolean({ error: 'must be true or false' });
}

/** A finite number (zod refuses NaN and ±Infinity), at least `min` when given. */
export function finite(min?: number) {
  const n = z.number({ error: 'must be a finite number' });
  if (min === undefined) return n;
  return n.check(z.gte(min, { error: (iss) => `must be at least ${min}, got ${String(iss.input)}` }));
}

/** A whole number of at least `min`. */
export function whole(min: number) {
  return finite(min).check(z.refine(Number.isInteger, { error: 'must be a whole number' }));
}

/** A number that passes `ok`, else the one `problem` whatever was wrong (list elements). */
export function numberWhere(ok: (n: number) => boolean, problem: string) {
  return z.number({ error: problem }).check(z.refine(ok, { error: problem }));
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

export function list<T extends z.core.SomeType>(item: T) {
  return z.array(item, { error: 'must be an array' });
}

export function sha256() {
  return str().check(z.regex(SHA256, { error: 'must be 64 lower-case hex digits' }));
}

/** A descriptive string the coordinator logs (cpu model, os): one line of bounded length. */
export function line() {
  return str().check(
    z.refine((v) => v.length <= MAX_LINE_LENGTH && !hasControlCharacters(v), {
      error: `must be one line of at most ${MAX_LINE_LENGTH} characters`,
    }),
  );
}

/** A device name or tag (see names.ts); the problem is the one nameProblem states. */
export function name() {
  return str().check(
    z.superRefine((v, ctx) => {
      const problem = nameProblem(v);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, input: v });
    }),
  );
}
