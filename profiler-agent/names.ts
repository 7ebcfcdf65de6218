// What a device name or tag may be, checked by both sides (the agent before it registers, the
// coordinator on every message and job request): short, and free of control characters, which
// would let a name forge lines in the coordinator's log.

/** Longest device name or tag, in UTF-16 code units. */
export const MAX_NAME_LENGTH = 64;
/** Most tags one device may carry. */
export const MAX_TAGS = 32;

// Every C0 and C1 control character, DEL included (\n, \r, \t, ESC, …).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value);
}

/** Why `value` cannot be a device name or tag, or null when it can. */
export function nameProblem(value: string): string | null {
  if (value.trim() === '') return 'must not be empty';
  if (value.length > MAX_NAME_LENGTH)
    return `must be at most ${MAX_NAME_LENGTH} characters, got ${value.length}`;
  if (CONTROL.test(value)) return 'must not contain control characters (newlines, tabs, escapes)';
  return null;
}
