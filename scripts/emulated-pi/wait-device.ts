// Waiting for a named device to come online at a coordinator (the fleet's device list, read
// through the coordinator client with the fleet token), for the emulated Pi's join script and
// its opt-in test.
import { CoordinatorClient } from '../../devices/client.ts';
import { isMemnasError } from '../../search/errors.ts';

export async function waitForDevice(
  url: string,
  token: string,
  name: string,
  timeoutMs: number,
): Promise<void> {
  const client = new CoordinatorClient({ url, token });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await client.devices()).some((d) => d.name === name && d.online)) return;
    } catch (e) {
      // A coordinator still starting is waited for; a refused token or anything else is the answer.
      if (!(isMemnasError(e) && e.code === 'COORDINATOR_UNREACHABLE')) throw e;
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
  throw new Error(`${name} did not come online within ${Math.round(timeoutMs / 60_000)} min`);
}
