// What `memnas serve` prints for a device to join: the one install command (the agent package
// from this coordinator's GET /downloads/memnas-agent.tgz) and the command that starts the agent,
// for each address a device can reach — every non-internal IPv4 address when listening on all of
// them, else the bound host. Pure but for reading this machine's network interfaces.
import { networkInterfaces } from 'node:os';
import { AGENT_TARBALL_NAME } from '../../devices/agent-package/agent-tarball.ts';
import { DOWNLOADS_PATH } from '../../devices/routes/downloads.ts';

export interface AgentInstallOptions {
  /** The host the coordinator listens on ('0.0.0.0' for all interfaces). */
  readonly host: string;
  readonly port: number;
  /** 'http' (default) or 'https'. */
  readonly scheme?: 'http' | 'https';
  /** The token to print in the command, or undefined to print a placeholder (it is kept secret). */
  readonly token?: string | undefined;
  /** This machine's IPv4 addresses other devices can reach; default: read from its interfaces. */
  readonly lanAddresses?: readonly string[];
}

/** This machine's non-internal IPv4 addresses. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

const ALL_INTERFACES = new Set(['0.0.0.0', '::']);

/** The coordinator's base URLs as devices reach it. */
export function deviceUrls(o: AgentInstallOptions): string[] {
  const scheme = o.scheme ?? 'http';
  const hosts = ALL_INTERFACES.has(o.host) ? (o.lanAddresses ?? lanAddresses()) : [o.host];
  // Listening everywhere on a machine with no network yet: this machine itself still works.
  const reachable = hosts.length > 0 ? hosts : ['127.0.0.1'];
  return reachable.map((h) => `${scheme}://${h.includes(':') ? `[${h}]` : h}:${o.port}`);
}

/** The two commands a device runs to join, for one base URL. */
export function agentInstallCommands(baseUrl: string, token: string | undefined): [string, string] {
  return [
    `npm install -g ${baseUrl}${DOWNLOADS_PATH}/${AGENT_TARBALL_NAME}`,
    `memnas-agent agent --coordinator ${baseUrl} --token ${token ?? '<token>'} --name <device-name>`,
  ];
}

/** The lines `memnas serve` prints: a heading, then both commands per reachable address. */
export function agentInstallLines(o: AgentInstallOptions): string[] {
  const lines = ['on a device (Node ≥ 18), install the agent and join:'];
  for (const url of deviceUrls(o)) {
    const [install, start] = agentInstallCommands(url, o.token);
    lines.push(`  ${install}`, `  ${start}`);
  }
  return lines;
}
