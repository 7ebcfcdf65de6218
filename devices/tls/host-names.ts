// The names this machine is reached by, for the coordinator's certificate and the agent page's
// addresses: localhost, 127.0.0.1, the hostname, and every non-internal IPv4 address (a phone on
// the same Wi-Fi reaches one of those).
import { hostname, networkInterfaces } from 'node:os';

export interface HostNames {
  /** DNS names, lower case: localhost and the hostname. */
  readonly dns: readonly string[];
  /** IPv4 addresses: 127.0.0.1 and the LAN addresses. */
  readonly ips: readonly string[];
}

/** Addresses of this machine other devices can reach (IPv4, not loopback), in interface order. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

export function localHostNames(): HostNames {
  const host = hostname().trim().toLowerCase();
  const dns = ['localhost', ...(host === '' || host === 'localhost' ? [] : [host])];
  return { dns, ips: [...new Set(['127.0.0.1', ...lanAddresses()])] };
}
