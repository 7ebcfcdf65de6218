// Errors to HTTP statuses: the one table the error middleware applies.
import { describe, expect, it } from 'vitest';
import { toHttpError } from '../../devices/http-errors.ts';
import { TransportError } from '../../profiler-agent/agent/transport.ts';
import { AgentError } from '../../profiler-agent/errors.ts';
import { WireFormatError } from '../../profiler-agent/model-check/protobuf-fields.ts';
import { ProtocolError } from '../../profiler-agent/protocol.ts';
import { LinkError } from '../../profiler-agent/serial/link.ts';
import { MemnasError } from '../../search/errors.ts';

describe('toHttpError', () => {
  it.each([
    ['AUTH_FAILED', 401],
    ['REQUEST_INVALID', 400],
    ['ONNX_INVALID', 400],
    ['DEVICE_UNKNOWN', 404],
    ['JOB_UNKNOWN', 404],
    ['ATTEMPT_SUPERSEDED', 409],
    ['MODEL_TOO_LARGE', 413],
    ['INTERNAL', 500],
  ] as const)('maps %s to %i with its message', (code, status) => {
    expect(toHttpError(new MemnasError(code, 'why'))).toEqual({ status, body: { code, message: 'why' } });
  });

  it('maps protocol and agent errors, and body-parser failures', () => {
    expect(toHttpError(new ProtocolError('device.cores', 'must be a finite number'))).toMatchObject({
      status: 400,
      body: { code: 'PROTOCOL_INVALID' },
    });
    expect(toHttpError(new AgentError('MODEL_INVALID', 'bad'))).toMatchObject({
      status: 400,
      body: { code: 'MODEL_INVALID' },
    });
    const parse = Object.assign(new SyntaxError('Unexpected end of JSON input'), {
      type: 'entity.parse.failed',
      status: 400,
      expose: true,
    });
    expect(toHttpError(parse)).toEqual({
      status: 400,
      body: {
        code: 'REQUEST_INVALID',
        message: 'the request body is not valid JSON: Unexpected end of JSON input',
      },
    });
    const large = Object.assign(new Error('request entity too large'), {
      type: 'entity.too.large',
      status: 413,
      expose: true,
      limit: 100,
    });
    expect(toHttpError(large)).toMatchObject({ status: 413, body: { code: 'REQUEST_TOO_LARGE' } });
  });

  it('maps every other coded error by its code, with its message', () => {
    expect(toHttpError(new WireFormatError('field number 0 at byte 3'))).toEqual({
      status: 400,
      body: { code: 'MODEL_INVALID', message: 'field number 0 at byte 3' },
    });
    expect(toHttpError(new LinkError('timeout', 'no answer'))).toMatchObject({
      status: 504,
      body: { code: 'LINK_TIMEOUT' },
    });
    expect(toHttpError(new LinkError('closed', 'gone'))).toMatchObject({ status: 502 });
    expect(toHttpError(new LinkError('too-large', 'big'))).toMatchObject({ status: 413 });
    expect(toHttpError(new TransportError('rejected', 'odd reply'))).toEqual({
      status: 500,
      body: { code: 'MESSAGE_REJECTED', message: 'odd reply' },
    });
  });

  it('hides the details of unexpected errors', () => {
    expect(toHttpError(new TypeError('x is undefined at /secret/path.ts:3'))).toEqual({
      status: 500,
      body: { code: 'INTERNAL', message: 'the coordinator failed to handle this request; see its log' },
    });
  });

  it('maps storage failures to 503, bad percent-encoding to 400, and caps long messages', () => {
    const readonly = Object.assign(new Error('attempt to write a readonly database'), {
      name: 'SqliteError',
      code: 'SQLITE_READONLY',
    });
    expect(toHttpError(readonly)).toMatchObject({ status: 503, body: { code: 'UNAVAILABLE' } });
    expect(toHttpError(new URIError('URI malformed'))).toMatchObject({
      status: 400,
      body: { code: 'REQUEST_INVALID' },
    });
    const long = toHttpError(new MemnasError('JOB_UNKNOWN', `no job with id ${'x'.repeat(10_000)}`));
    expect(long.body.message.length).toBeLessThanOrEqual(500);
    expect(toHttpError(new MemnasError('FORBIDDEN', 'no'))).toMatchObject({ status: 403 });
    expect(toHttpError(new MemnasError('DEVICE_NAME_TAKEN', 'taken'))).toMatchObject({ status: 409 });
    expect(toHttpError(new MemnasError('ONNX_EXTERNAL_DATA', 'file'))).toMatchObject({ status: 400 });
  });
});
