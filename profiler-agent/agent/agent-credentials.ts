// The tokens an agent holds: the fleet token it was started with, which only registers it, and
// the device token the registration returned, which every later message carries. Shared by the
// HTTP and serial transports, so both switch the same way.
import type { RegisteredMessage } from '../protocol.ts';
import { TransportError, type TransportFailure } from './transport.ts';

export class AgentCredentials {
  private deviceToken: string | null = null;

  constructor(private readonly fleetToken: string) {}

  /** The token to send now: the device's own once registered (registering again with it keeps the name). */
  current(): string {
    return this.deviceToken ?? this.fleetToken;
  }

  registered(reply: RegisteredMessage): void {
    if (reply.deviceToken !== undefined) this.deviceToken = reply.deviceToken;
  }

  /**
   * How a refusal is handled given the token it answered: a device token the coordinator no longer
   * knows (its database was reset) is dropped, and the agent registers again with the fleet token.
   */
  failure(kind: TransportFailure, message: string): TransportError {
    if (kind === 'unauthorized' && this.deviceToken !== null) {
      this.deviceToken = null;
      return new TransportError(
        'unknown-device',
        `the coordinator no longer knows this device's token (${message})`,
      );
    }
    return new TransportError(kind, message);
  }
}
