// Where phones open the agent page, for `memnas serve`'s start-up lines: one address per LAN
// address (or the one the coordinator listens on), each carrying the start-up join code in its
// fragment, and the QR code of the first for the terminal (what a phone's camera scans).
import { toString as qrToString } from 'qrcode';
import { joinPagePath } from '../../devices/routes/join.ts';
import { lanAddresses } from '../../devices/tls/host-names.ts';
import type { Serving } from './serve.ts';

/** The agent page's address with the start-up join code, for each address a phone can reach. */
export function agentPageUrls({
  coordinator,
  joinCode,
}: Pick<Serving, 'coordinator' | 'joinCode'>): string[] {
  const { protocol } = new URL(coordinator.url);
  const all = coordinator.config.host === '0.0.0.0' || coordinator.config.host === '::';
  const hosts = all ? lanAddresses() : [];
  const origins =
    hosts.length > 0 ? hosts.map((h) => `${protocol}//${h}:${coordinator.port}`) : [coordinator.url];
  return origins.map((o) => `${o}${joinPagePath(joinCode.code)}`);
}

/** `url` as a QR code drawn with terminal block characters (two rows per line). */
export function terminalQr(url: string): Promise<string> {
  return qrToString(url, { type: 'terminal', small: true });
}
