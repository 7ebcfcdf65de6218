/// <reference lib="dom" />
// Joining by QR code: the page's address carries a short-lived, single-use join code in its
// fragment (https://HOST:PORT/agent#join=CODE). A fragment is never sent to the server, so the
// code stays out of request lines, proxy and server logs and Referer headers; the page drops it
// from the address bar at once and trades it (POST /agent/join) for a device credential that
// only reaches the agent endpoints. That credential is kept in localStorage, so a reload, or
// reopening the page later, keeps the device joined without scanning again.

/** Where the page trades a join code for a device credential (public: the code is the proof). */
export const JOIN_PATH = '/agent/join';
const DEVICE_KEY = 'memnas-agent-device';

export interface JoinRequest {
  readonly code: string;
  /** From the fragment or query (`name=`), else a generated `phone-xxxx`. */
  readonly name: string;
  readonly tags: string[];
}

/** A device credential as the page keeps it. */
export interface JoinedDevice {
  readonly name: string;
  readonly deviceToken: string;
  readonly tags: string[];
}

const splitTags = (value: string | null): string[] | undefined =>
  value === null
    ? undefined
    : value
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== '');

/** A default name a user can tell apart in the dashboard: 'phone-' and four hex digits. */
function generatedName(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(2));
  return `phone-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The join request the address carries (#join=CODE, optionally &name=…&tags=…; name and tags
 * may also be query parameters), or null. Removes the fragment from the address and history.
 */
export function takeJoinRequest(location: Location, history: History): JoinRequest | null {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const code = fragment.get('join');
  if (code === null || code.trim() === '') return null;
  const url = new URL(location.href);
  url.hash = '';
  history.replaceState(null, '', url);
  const name = (fragment.get('name') ?? url.searchParams.get('name') ?? '').trim();
  const tags = splitTags(fragment.get('tags') ?? url.searchParams.get('tags')) ?? ['phone'];
  return { code: code.trim(), name: name === '' ? generatedName() : name, tags };
}

/** The credential a previous join kept in this browser, or null. */
export function storedDevice(storage: Storage): JoinedDevice | null {
  try {
    const v = JSON.parse(storage.getItem(DEVICE_KEY) ?? 'null') as Partial<JoinedDevice> | null;
    if (typeof v?.name !== 'string' || typeof v.deviceToken !== 'string' || !Array.isArray(v.tags))
      return null;
    return { name: v.name, deviceToken: v.deviceToken, tags: v.tags.filter((t) => typeof t === 'string') };
  } catch {
    return null;
  }
}

export function forgetDevice(storage: Storage): void {
  storage.removeItem(DEVICE_KEY);
}

/**
 * Trades the join code for a device credential and keeps it in `storage`. Throws an Error whose
 * message is the coordinator's one-line reason (expired, already used, name taken, …).
 */
export async function joinWithCode(
  origin: string,
  request: JoinRequest,
  storage: Storage,
): Promise<JoinedDevice> {
  let res: Response;
  try {
    res = await fetch(new URL(JOIN_PATH, origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: request.code, name: request.name }),
    });
  } catch (e) {
    throw new Error(`cannot reach the coordinator at ${origin} to join (${(e as Error).message})`, {
      cause: e,
    });
  }
  const body = (await res.json().catch(() => ({}))) as {
    message?: unknown;
    name?: unknown;
    deviceToken?: unknown;
  };
  if (!res.ok) {
    const why = typeof body.message === 'string' ? body.message : `HTTP ${res.status}`;
    throw new Error(`could not join: ${why.split('\n')[0]}`);
  }
  if (typeof body.name !== 'string' || typeof body.deviceToken !== 'string')
    throw new Error('the coordinator answered the join without a device credential');
  const joined: JoinedDevice = { name: body.name, deviceToken: body.deviceToken, tags: request.tags };
  storage.setItem(DEVICE_KEY, JSON.stringify(joined));
  return joined;
}
