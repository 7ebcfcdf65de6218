// Running the device coordinator from a frozen config: the fleet token (from the environment, or
// generated and kept beside the database), the https certificate under --tls or --cert/--key
// (tls.ts), the coordinator, a first join code for a phone's QR, and a serial bridge per
// --serial line; a failing bridge closes what was opened. cli/commands/serve.ts parses the
// flags, prints the start-up lines and waits for a signal.
import { startCoordinator, type Coordinator } from '../../devices/coordinator.ts';
import { type FleetToken, fleetToken } from '../../devices/fleet-token.ts';
import { openSerialBridge, type SerialBridge } from '../../devices/serial-bridge.ts';
import type { JoinCode } from '../../devices/join/join-codes.ts';
import type { TlsMaterial } from '../../devices/tls/self-signed.ts';
import { serveTls, type TlsChoice } from './tls.ts';

export interface ServeConfig {
  readonly port: number;
  readonly host: string;
  readonly dbPath: string;
  /** MEMNAS_TOKEN, if set. */
  readonly envToken: string | undefined;
  readonly maxModelBytes: number;
  readonly heartbeatMs: number;
  readonly retainMs: number | undefined;
  readonly serial: readonly string[];
  readonly baudRate: number;
  readonly log: (line: string) => void;
  /** https: none, the certificate kept beside the database (--tls), or the user's (--cert/--key). */
  readonly tls?: TlsChoice;
  /** Start-up facts as one JSON line instead of text and a QR code. */
  readonly json?: boolean;
}

export interface Serving {
  readonly coordinator: Coordinator;
  readonly fleet: FleetToken;
  /** The https certificate, when serving https. */
  readonly tls: TlsMaterial | undefined;
  /** Minted at start: the code the start-up QR carries (single use, 10 minutes). */
  readonly joinCode: JoinCode;
  /** Closes the serial bridges, then the coordinator. */
  close(): Promise<void>;
}

export async function serve(c: ServeConfig): Promise<Serving> {
  const fleet = fleetToken(c.dbPath, c.envToken);
  const tls = await serveTls(c.tls ?? { kind: 'none' }, c.dbPath);
  const coordinator = await startCoordinator({
    port: c.port,
    host: c.host,
    dbPath: c.dbPath,
    token: fleet.token,
    maxModelBytes: c.maxModelBytes,
    heartbeatMs: c.heartbeatMs,
    ...(c.retainMs === undefined ? {} : { retainMs: c.retainMs }),
    ...(tls === undefined ? {} : { tls: { cert: tls.cert, key: tls.key } }),
    log: c.log,
  });
  const bridges: SerialBridge[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(bridges.map((b) => b.close()));
    await coordinator.close();
  };
  try {
    for (const path of c.serial)
      bridges.push(await openSerialBridge(coordinator, { path, baudRate: c.baudRate }));
  } catch (e) {
    await close();
    throw e;
  }
  return { coordinator, fleet, tls, joinCode: coordinator.joinCodes.mint(), close };
}
