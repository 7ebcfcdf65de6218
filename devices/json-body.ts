// JSON request bodies, bounded: the size by body-parser's limit, the nesting by a scan before
// JSON.parse (a body nested 100 000 levels deep parsed, and then overflowed the stack of whatever
// walked it: a 500). No protocol message nests deeper than a few levels.
import express, { type Request, type RequestHandler, type Response } from 'express';
import { MemnasError } from '../search/errors.ts';

/** Deepest nesting of arrays and objects a request body may have. */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The deepest nesting in `bytes` (JSON text), counting only brackets outside strings; stops past `max`. */
export function jsonDepth(bytes: Uint8Array, max: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > max) return deepest;
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--;
  }
  return deepest;
}

/** Parses a JSON body of at most `limit` bytes and MAX_JSON_DEPTH levels; REQUEST_INVALID otherwise. */
export function parseJsonBody(bytes: Uint8Array): unknown {
  if (jsonDepth(bytes, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    throw new MemnasError('REQUEST_INVALID', `the request body nests deeper than ${MAX_JSON_DEPTH} levels`);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const detail = e instanceof Error ? e.message.slice(0, 120) : 'unreadable';
    throw new MemnasError('REQUEST_INVALID', `the request body is not valid JSON: ${detail}`);
  }
}

/**
 * True when the request declares a body over `limit` bytes. Such a request is answered at once and
 * its connection closed: body-parser would first wait for the whole body to arrive (and a client
 * declaring 1 TB and sending nothing got no answer at all).
 */
export function declaresMoreThan(req: Request, res: Response, limit: number): boolean {
  const declared = Number(req.get('content-length') ?? 0);
  if (!(declared > limit)) return false;
  res.setHeader('Connection', 'close');
  return true;
}

/** express middleware: JSON bodies (application/json, *+json) into req.body, bounded as above. */
export function jsonBody(limit: number): RequestHandler {
  const raw = express.raw({ type: ['application/json', 'application/*+json'], limit });
  return (req, res, next) => {
    if (declaresMoreThan(req, res, limit)) {
      next(new MemnasError('REQUEST_TOO_LARGE', `the request body is over the limit of ${limit} bytes`));
      return;
    }
    raw(req, res, (err?: unknown) => {
      if (err !== undefined) {
        next(err);
        return;
      }
      try {
        // An empty body reads as {} (as express.json had it), so the route names what is missing.
        if (Buffer.isBuffer(req.body)) req.body = req.body.length === 0 ? {} : parseJsonBody(req.body);
        next();
      } catch (e) {
        next(e);
      }
    });
  };
}
