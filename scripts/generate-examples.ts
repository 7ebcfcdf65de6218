// Writes examples/*.json from the builders below, so the examples stay valid and reproducible.
// Run: npx tsx scripts/generate-examples.ts
import { writeFileSync } from 'node:fs';
import { exampleArchitectures } from '../examples/example-architectures.ts';

for (const [file, arch] of Object.entries(exampleArchitectures())) {
  writeFileSync(new URL(`../examples/${file}.json`, import.meta.url), JSON.stringify(arch, null, 2) + '\n');
  console.log(`examples/${file}.json: ${arch.nodes.length} nodes`);
}
