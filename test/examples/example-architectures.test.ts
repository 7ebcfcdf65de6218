import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exampleArchitectures } from '../../examples/example-architectures.ts';
import { parseArchitecture } from '../../search/architecture/parse.ts';

describe('examples/*.json', () => {
  for (const [file, built] of Object.entries(exampleArchitectures())) {
    it(`${file}.json parses and matches its generator`, () => {
      const raw: unknown = JSON.parse(
        readFileSync(new URL(`../../examples/${file}.json`, import.meta.url), 'utf8'),
      );
      const arch = parseArchitecture(raw);
      expect(arch).toEqual(parseArchitecture(built));
      expect(arch.input.shape).toEqual([28, 28, 1]);
    });
  }
});
