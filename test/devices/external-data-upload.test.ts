// A model whose tensors name another file is refused at upload with 400 ONNX_EXTERNAL_DATA
// (issue 18, item 1): the exfiltration model, an absolute path, an initializer, and every other
// place the walk covers; a clean model is still stored.
import { describe, expect, it } from 'vitest';
import { HTTP_PATHS } from '../../profiler-agent/protocol-http.ts';
import { cleanModel, externalDataModels } from '../profiler-agent/model-check/external-data-models.ts';
import { useCoordinator } from './helpers/file-coordinator.ts';
import { raw } from './helpers/http.ts';

const TOKEN = 'test-token-123456';
const c = useCoordinator('extdata', { token: TOKEN });

const upload = (bytes: Uint8Array) =>
  raw(c.url, 'POST', HTTP_PATHS.models, {
    token: TOKEN,
    contentType: 'application/octet-stream',
    body: bytes,
  });

describe('POST /api/v1/models refuses external data', () => {
  it.each(externalDataModels().map((m) => [m.name, m] as const))(
    '%s: 400 ONNX_EXTERNAL_DATA',
    async (_n, m) => {
      const res = await upload(m.bytes);
      expect(res.status).toBe(400);
      const body = res.json as { code: string; message: string };
      expect(body.code).toBe('ONNX_EXTERNAL_DATA');
      expect(body.message).toContain(m.location);
      expect(body.message).toContain(m.where);
      expect(body.message).not.toContain('\n');
    },
  );

  it('stores a model whose data is all inside', async () => {
    expect((await upload(cleanModel())).status).toBe(201);
  });

  it('refuses bytes the walk cannot read as a message with ONNX_INVALID', async () => {
    const res = await upload(Uint8Array.from([0x0a, 0x7f, 0x01]));
    expect(res.status).toBe(400);
    expect((res.json as { code: string }).code).toBe('ONNX_INVALID');
  });
});
