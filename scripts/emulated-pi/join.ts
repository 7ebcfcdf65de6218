// Joins the emulated Pi to a coordinator the way a user's device joins: the guest runs the two
// commands `memnas serve` prints (npm install -g the agent tarball from the coordinator, then
// memnas-agent agent) and registers as pi-emu (tags arm64, pi; emulated).
//
//   npx tsx scripts/emulated-pi/join.ts                      # starts its own `memnas serve`
//   npx tsx scripts/emulated-pi/join.ts --coordinator http://127.0.0.1:7117 --token T
//
// Build the image first (sudo scripts/emulated-pi/build.sh). Prints the coordinator's URL and
// token once pi-emu is online, then keeps the guest running until Ctrl-C.
import { parseArgs } from 'node:util';
import { agentInstallCommands } from '../../app/serve/agent-install.ts';
import { startServe, type ServeChild } from './serve-child.ts';
import { bootEmulatedPi, joinScript, PI_EMU } from './vm.ts';
import { waitForDevice } from './wait-device.ts';

const { values } = parseArgs({
  options: {
    coordinator: { type: 'string' },
    token: { type: 'string', default: process.env.MEMNAS_TOKEN },
    'timeout-min': { type: 'string', default: '30' },
    verbose: { type: 'boolean' },
  },
});

function fail(message: string): never {
  console.error(`emulated-pi: ${message}`);
  process.exit(1);
}

async function coordinator(): Promise<{
  url: string;
  token: string;
  commands: [string, string];
  serve?: ServeChild;
}> {
  if (values.coordinator !== undefined) {
    if (values.token === undefined) fail('--coordinator needs --token (or MEMNAS_TOKEN)');
    const url = values.coordinator.replace(/\/$/, '');
    return { url, token: values.token, commands: agentInstallCommands(url, values.token) };
  }
  const serve = await startServe();
  return { url: serve.url, token: serve.token, commands: serve.commands, serve };
}

const started = Date.now();
const c = await coordinator();
console.log(`coordinator ${c.url}; the guest runs:\n  ${c.commands[0]}\n  ${c.commands[1]}`);
const vm = bootEmulatedPi(joinScript(...c.commands), (line) => {
  if (values.verbose === true || line.startsWith('memnas-init') || line.includes('memnas-agent'))
    console.log(`  [pi-emu] ${line}`);
});
const stopAll = async (): Promise<void> => {
  await vm.stop();
  await c.serve?.stop();
};
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
void vm.exited.then((code) => {
  console.log(`emulated-pi: the guest stopped (QEMU exit ${code})`);
  void c.serve?.stop().then(() => process.exit(code === 0 ? 0 : 1));
});
try {
  await waitForDevice(c.url, c.token, PI_EMU.name, Number(values['timeout-min']) * 60_000);
} catch (e) {
  await stopAll();
  fail(e instanceof Error ? e.message : String(e));
}
console.log(
  `${PI_EMU.name} online after ${((Date.now() - started) / 1000).toFixed(0)} s (boot, install, register).\n` +
    `use it: MEMNAS_TOKEN=${c.token} memnas calibrate --device ${PI_EMU.name} --coordinator ${c.url}\n` +
    'Ctrl-C stops the guest.',
);
