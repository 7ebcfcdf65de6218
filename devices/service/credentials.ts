// Who is calling: the fleet token (the users' key, and an agent's key to register) or one
// device's own token, issued at registration — or, for a phone that joined with a join code,
// issued at the join and bound to the name it joined as. Device tokens are stored as their
// sha256 only, so a copy of the database does not let anyone act as a device. A joined token
// waits in memory (a few minutes at most) until its device registers, then is stored like any
// other. Transport-independent: the HTTP middleware and the serial bridge both identify callers
// here.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { MemnasError } from '../../search/errors.ts';
import type { JobStore } from '../store/job-store.ts';

/**
 * `joining`: a device token handed out by a join whose device has not registered yet; it may
 * register under its name (once the name is free), which stores it (settle).
 */
export type Caller =
  { readonly kind: 'fleet' } | { readonly kind: 'device'; readonly name: string; readonly joining?: true };

/** How long a joined device has to register before its token lapses: 10 minutes. */
export const JOINING_TTL_MS = 600_000;

export const FLEET: Caller = Object.freeze({ kind: 'fleet' });

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export class Credentials {
  private readonly fleet: Buffer;
  /** Joined, not yet registered: token digest (hex) → the name and until when it may register. */
  private readonly joining = new Map<string, { readonly name: string; readonly until: number }>();

  constructor(
    private readonly store: Pick<JobStore, 'setDeviceTokenHash' | 'deviceByTokenHash'>,
    fleetToken: string,
    private readonly now: () => number = Date.now,
  ) {
    this.fleet = sha256(fleetToken);
  }

  /** The caller a token stands for, or null for a token this coordinator never issued. */
  identify(token: string): Caller | null {
    const digest = sha256(token);
    if (timingSafeEqual(digest, this.fleet)) return FLEET;
    const hex = digest.toString('hex');
    const name = this.store.deviceByTokenHash(hex);
    if (name !== undefined) return { kind: 'device', name };
    const joined = this.joining.get(hex);
    if (joined === undefined || this.now() >= joined.until) return null;
    return { kind: 'device', name: joined.name, joining: true };
  }

  /**
   * A device token for a phone that joined as `name` and has yet to register: it speaks for that
   * name only, and replaces any earlier unregistered join for the name.
   */
  issueJoined(name: string): string {
    const now = this.now();
    for (const [hex, j] of this.joining) if (j.name === name || now >= j.until) this.joining.delete(hex);
    const token = randomBytes(24).toString('base64url');
    this.joining.set(sha256(token).toString('hex'), { name, until: now + JOINING_TTL_MS });
    return token;
  }

  /** `name` registered with its joined token: that token becomes its stored device token. */
  settle(name: string): void {
    for (const [hex, j] of this.joining) {
      if (j.name !== name) continue;
      this.store.setDeviceTokenHash(name, hex);
      this.joining.delete(hex);
    }
  }

  /** A new token for the registered device `name`; any token it had before stops working. */
  issue(name: string): string {
    const token = randomBytes(24).toString('base64url');
    this.store.setDeviceTokenHash(name, sha256(token).toString('hex'));
    return token;
  }
}

/** The users' endpoints (submit, read, cancel, upload) take the fleet token only. */
export function requireFleet(caller: Caller): void {
  if (caller.kind !== 'fleet')
    throw new MemnasError(
      'FORBIDDEN',
      `a device token (device '${caller.name}') cannot use this endpoint; it takes the fleet token`,
    );
}

/** Agent endpoints refuse the fleet token: an agent acts with its own device token. */
export function requireAnyDevice(caller: Caller): asserts caller is Extract<Caller, { kind: 'device' }> {
  if (caller.kind === 'fleet')
    throw new MemnasError(
      'FORBIDDEN',
      'agent endpoints take the device token the registration returned, not the fleet token',
    );
}

/** Agent endpoints take the token of the device the message names, and nothing else. */
export function requireDevice(caller: Caller, name: string): void {
  requireAnyDevice(caller);
  if (caller.name !== name)
    throw new MemnasError('FORBIDDEN', `this token belongs to device '${caller.name}', not '${name}'`);
}
