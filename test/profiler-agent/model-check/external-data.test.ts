// The walk that finds tensors with external data anywhere in a model (issue 18, item 1), and the
// agent's refusal before a runtime sees the bytes.
import { describe, expect, it } from 'vitest';
import { refuseExternalData } from '../../../profiler-agent/model-check/check-model.ts';
import { findExternalData } from '../../../profiler-agent/model-check/external-data.ts';
import { PUBLIC_ARCHITECTURES } from '../../fixtures/onnx/public-architectures.ts';
import { tinyModel } from '../../devices/helpers/fixtures.ts';
import { cleanModel, externalDataModels } from './external-data-models.ts';

describe('findExternalData', () => {
  for (const c of externalDataModels()) {
    it(`finds ${c.name}`, () => {
      const found = findExternalData(c.bytes);
      expect(found).toEqual({
        kind: 'external',
        where: expect.stringContaining(c.where),
        location: c.location,
      });
    });
  }

  it('finds nothing in models that keep every tensor inside', () => {
    expect(findExternalData(cleanModel())).toBeNull();
    expect(findExternalData(tinyModel())).toBeNull();
    for (const make of PUBLIC_ARCHITECTURES) expect(findExternalData(make().bytes)).toBeNull();
  });

  it('calls bytes that are not a protobuf message malformed, naming the byte', () => {
    const truncated = externalDataModels()[0]!.bytes.subarray(0, 20);
    expect(findExternalData(truncated)).toEqual({
      kind: 'malformed',
      reason: expect.stringMatching(/byte \d+/),
    });
    expect(findExternalData(Uint8Array.from([0xff, 0xff, 0xff]))?.kind).toBe('malformed');
  });

  it('refuses nesting deeper than any real model instead of overflowing the stack', () => {
    // graph(7) → node(1) → attribute(5) → subgraph(6) → node … 400 levels, built inside out.
    const wrap = (no: number, inner: Uint8Array): Uint8Array => {
      const len: number[] = [];
      let n = inner.byteLength;
      do {
        len.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
        n >>>= 7;
      } while (n > 0);
      return Uint8Array.from([(no << 3) | 2, ...len, ...inner]);
    };
    let g: Uint8Array = new Uint8Array();
    for (let i = 0; i < 400; i++) g = wrap(1, wrap(5, wrap(6, g)));
    expect(findExternalData(wrap(7, g))).toEqual({
      kind: 'malformed',
      reason: expect.stringContaining('levels deep'),
    });
  });

  it('keeps a control character in a name from breaking the line', () => {
    const c = externalDataModels()[0]!;
    const bytes = Buffer.from(c.bytes).toString('latin1').replace('secret.txt', 'secre\n.txt');
    const found = findExternalData(Uint8Array.from(Buffer.from(bytes, 'latin1')));
    expect(found?.kind === 'external' && found.location).toBe('"secre\\n.txt"');
  });
});

describe('refuseExternalData (the agent, before any runtime)', () => {
  it.each(externalDataModels().map((c) => [c.name, c] as const))('refuses %s with MODEL_INVALID', (_n, c) => {
    expect(() => refuseExternalData(c.bytes)).toThrow(
      expect.objectContaining({
        code: 'MODEL_INVALID',
        message: expect.stringMatching(/may not read files.*\[ONNX_EXTERNAL_DATA\]$/),
      }),
    );
  });

  it('lets a clean model through', () => {
    expect(() => refuseExternalData(cleanModel())).not.toThrow();
  });
});
