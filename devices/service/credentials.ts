// Who is calling: the fleet token (the users' key, and an agent's key to register) or one
// device's own token, issued at registration. Device tokens are stored as their sha256 only, so
// a copy of the database does not let anyone act as a device. Transport-independent: the HTTP
// middleware and the serial bridge both identify callers here.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { MemnasError } from '../../search/errors.ts';
import type { JobStore } from '../store/job-store.ts';

export type Caller = { readonly kind: 'fleet' } | { readonly kind: 'device'; readonly name: string };

export const FLEET: Caller = Object.freeze({ kind: 'fleet' });

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export class Credentials {
  private readonly fleet: Buffer;

  constructor(
    private readonly store: Pick<JobStore, 'setDeviceTokenHash' | 'deviceByTokenHash'>,
    fleetToken: string,
  ) {
    this.fleet = sha256(fleetToken);
  }

  /** The caller a token stands for, or null for a token this coordinator never issued. */
  identify(token: string): Caller | null {
    const digest = sha256(token);
    if (timingSafeEqual(digest, this.fleet)) return FLEET;
    const name = this.store.deviceByTokenHash(digest.toString('hex'));
    return name === undefined ? null : { kind: 'device', name };
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
