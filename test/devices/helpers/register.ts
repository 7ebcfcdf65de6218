// Registers a device with the fleet token and returns the token its agent uses from then on.
import { HTTP_PATHS } from '../../../profiler-agent/protocol-http.ts';
import { type DeviceDescription, PROTOCOL_VERSION } from '../../../profiler-agent/protocol.ts';
import { postJson } from './http.ts';

export async function registerDevice(
  base: string,
  fleetToken: string,
  d: DeviceDescription,
): Promise<string> {
  const res = await postJson(base, HTTP_PATHS.register, fleetToken, {
    protocol: PROTOCOL_VERSION,
    type: 'register',
    device: d,
    agentVersion: 'test',
  });
  if (res.status !== 200) throw new Error(`registration failed: ${res.status} ${res.body.toString('utf8')}`);
  const reply = res.json as { deviceToken?: string };
  // Until per-device credentials: the fleet token serves agents too.
  return reply.deviceToken ?? fleetToken;
}
