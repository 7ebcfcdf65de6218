// `memnas deploy`: parses the flags (declared in cli/specs/deploy.ts) into a frozen DeployConfig,
// deploys with app/deploy/deploy.ts (whole test set on the device vs the host, peak memory,
// latency, a bundle) and prints the result.
import { join } from 'node:path';
import { type DeployConfig, deployRun, type DeployResult } from '../../app/deploy/deploy.ts';
import { MemnasError } from '../../search/errors.ts';
import { parseFlags } from '../args.ts';
import { synopsis } from '../flags.ts';
import { deploySpec } from '../specs/deploy.ts';

export type { DeployResult } from '../../app/deploy/deploy.ts';

const USAGE = synopsis(deploySpec);

const safe = (name: string): string => name.replace(/[^A-Za-z0-9._-]+/g, '_');

interface DeployArgs extends DeployConfig {
  readonly json: boolean;
}

function parseDeployArgs(argv: readonly string[]): DeployArgs {
  const { values, positionals } = parseFlags(argv, deploySpec);
  if (positionals.length !== 1)
    throw new MemnasError('USAGE', `expected one search run folder (usage: ${USAGE})`);
  const device = values.device ?? 'local';
  const coordinator = values.coordinator ?? process.env.MEMNAS_COORDINATOR;
  const token = values.token ?? process.env.MEMNAS_TOKEN;
  if (device !== 'local') {
    if (coordinator === undefined)
      throw new MemnasError(
        'USAGE',
        `deploying to device '${device}' needs a coordinator (--coordinator URL or MEMNAS_COORDINATOR); use --device local for this machine`,
      );
    if (token === undefined)
      throw new MemnasError('USAGE', '--token T (or MEMNAS_TOKEN) is required with a coordinator');
  }
  const dir = positionals[0]!;
  return Object.freeze({
    dir,
    target: values.out ?? join(dir, `deploy-${safe(device)}`),
    device: {
      device,
      ...(coordinator === undefined ? {} : { coordinator }),
      ...(token === undefined ? {} : { token }),
    },
    json: values.json === true,
  });
}

function printResult(r: DeployResult): void {
  const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;
  console.log(
    `${r.device.name} (${r.device.runtime.name} ${r.device.runtime.version}): ${pct(r.onDeviceAccuracy)} on ${r.testImages} test images; host (tfjs ${r.hostBackend}) ${pct(r.hostAccuracy)}; ${r.disagreements} images classified differently`,
  );
  console.log(
    `peak memory ${(r.peakMemoryBytes / 1000).toFixed(1)} KB, latency p50 ${r.latencyMs.toFixed(3)} ms (batch 1${r.device.emulated === true ? "; emulated device: the emulator's timing, not a device's" : ''}); bundle: ${r.bundle}`,
  );
}

export async function runDeploy(argv: readonly string[]): Promise<number> {
  const a = parseDeployArgs(argv);
  const log = a.json ? () => {} : (line: string) => process.stderr.write(`${line}\n`);
  const result = await deployRun(a, log);
  if (a.json) console.log(JSON.stringify(result, null, 2));
  else printResult(result);
  return 0;
}
