// What `memnas serve` prints for a device to join: the install command from the coordinator's
// /downloads route and the agent's start command, once per address a device can reach.
import { describe, expect, it } from 'vitest';
import { agentInstallLines, deviceUrls } from '../../../app/serve/agent-install.ts';

describe('agentInstallLines', () => {
  it('listening on every interface: both commands for each LAN address, with the token shown', () => {
    const lines = agentInstallLines({
      host: '0.0.0.0',
      port: 7117,
      token: 'tok-12345678',
      lanAddresses: ['192.168.1.20', '10.0.0.5'],
    });
    expect(lines).toEqual([
      'on a device (Node ≥ 18), install the agent and join:',
      '  npm install -g http://192.168.1.20:7117/downloads/memnas-agent.tgz',
      '  memnas-agent agent --coordinator http://192.168.1.20:7117 --token tok-12345678 --name <device-name>',
      '  npm install -g http://10.0.0.5:7117/downloads/memnas-agent.tgz',
      '  memnas-agent agent --coordinator http://10.0.0.5:7117 --token tok-12345678 --name <device-name>',
    ]);
  });

  it('a bound host is the only address; a secret token is a placeholder', () => {
    const lines = agentInstallLines({
      host: '10.0.2.15',
      port: 8080,
      token: undefined,
      lanAddresses: ['1.2.3.4'],
    });
    expect(lines.slice(1)).toEqual([
      '  npm install -g http://10.0.2.15:8080/downloads/memnas-agent.tgz',
      '  memnas-agent agent --coordinator http://10.0.2.15:8080 --token <token> --name <device-name>',
    ]);
  });

  it('falls back to this machine with no LAN address, brackets IPv6 and takes https', () => {
    expect(deviceUrls({ host: '0.0.0.0', port: 1, lanAddresses: [] })).toEqual(['http://127.0.0.1:1']);
    expect(deviceUrls({ host: '::1', port: 2, scheme: 'https' })).toEqual(['https://[::1]:2']);
  });
});
