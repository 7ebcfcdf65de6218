// Stands in for measure/profile.ts when the agent's pull loop is bundled for the browser
// (devices/browser-agent-route.ts redirects that one import here): the loop's job runner needs
// only `sha256` from it, and the browser agent passes its own `measure`, so the Node profiler,
// with its child processes and temporary files, never has to load in a page.
import { AgentError } from '../errors.ts';
import type { profileModel as nodeProfileModel } from '../measure/profile.ts';

export { sha256 } from './sha256.ts';

export const profileModel: typeof nodeProfileModel = () =>
  Promise.reject(
    new AgentError(
      'RUNTIME_UNAVAILABLE',
      'the Node profiler does not run in a browser; the browser agent measures with profileInBrowser',
    ),
  );
