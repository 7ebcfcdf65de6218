// The runtimes a Node agent can use, in a fresh registry. Importing this has no side effects;
// the browser agent will build its own registry with ort-web.
import { ortNodeEntry } from './ort-node.ts';
import { RuntimeRegistry } from './registry.ts';

export function nodeRuntimes(): RuntimeRegistry {
  return new RuntimeRegistry().register(ortNodeEntry);
}

export { RuntimeRegistry, type RuntimePreference } from './registry.ts';
export type { InferenceRuntime, InputSpec, LoadedModel, PreparedBatch, RuntimeEntry } from './types.ts';
