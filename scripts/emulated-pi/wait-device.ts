// Waiting for a named device to come online at a coordinator (GET /api/v1/devices with the fleet
// token), for the emulated Pi's join script and its opt-in test.
import { HTTP_PATHS } from '../../profiler-agent/protocol-http.ts';

interface DeviceRow {
  readonly name: string;
  readonly online: boolean;
}

export async function waitForDevice(
  url: string,
  token: string,
  name: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${url}${HTTP_PATHS.devices}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status === 401 || res.status === 403)
      throw new Error(`the coordinator refused the token (HTTP ${res.status})`);
    if (res.ok) {
      const rows = (await res.json()) as DeviceRow[];
      if (rows.some((d) => d.name === name && d.online)) return;
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
  throw new Error(`${name} did not come online within ${Math.round(timeoutMs / 60_000)} min`);
}
