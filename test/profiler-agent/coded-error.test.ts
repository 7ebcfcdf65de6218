// Every error class memnas raises on purpose shares CodedError (profiler-agent/coded-error.ts):
// each carries a stable code and chains its cause, so the CLI and the coordinator's HTTP table
// handle all of them alike.
import { describe, expect, it } from 'vitest';
import { TransportError } from '../../profiler-agent/agent/transport.ts';
import { CodedError, isCodedError } from '../../profiler-agent/coded-error.ts';
import { AgentError } from '../../profiler-agent/errors.ts';
import { WireFormatError } from '../../profiler-agent/model-check/protobuf-fields.ts';
import { ProtocolError } from '../../profiler-agent/protocol.ts';
import { LinkError } from '../../profiler-agent/serial/link.ts';
import { MemnasError } from '../../search/errors.ts';

const cause = new Error('underneath');

describe('CodedError', () => {
  it.each([
    ['MemnasError', new MemnasError('ONNX_INVALID', 'bad model', { cause }), 'ONNX_INVALID'],
    ['AgentError', new AgentError('MEASURE_FAILED', 'child died', { cause }), 'MEASURE_FAILED'],
    [
      'ProtocolError',
      new ProtocolError('result.runs', 'must be a whole number', { cause }),
      'PROTOCOL_INVALID',
    ],
    ['TransportError', new TransportError('unauthorized', 'token refused', { cause }), 'AUTH_FAILED'],
    ['LinkError', new LinkError('timeout', 'no answer', { cause }), 'LINK_TIMEOUT'],
    ['WireFormatError', new WireFormatError('field number 0 at byte 3', { cause }), 'MODEL_INVALID'],
  ] as const)('%s is a CodedError with its code, name and cause', (name, e, code) => {
    expect(e).toBeInstanceOf(CodedError);
    expect(e).toBeInstanceOf(Error);
    expect(isCodedError(e)).toBe(true);
    expect(e.code).toBe(code);
    expect(e.name).toBe(name);
    expect(e.cause).toBe(cause);
  });

  it('gives every transport and link failure its own code', () => {
    const kinds = [
      'unreachable',
      'unauthorized',
      'unknown-device',
      'refused',
      'rejected',
      'forbidden',
      'name-taken',
    ] as const;
    const codes = kinds.map((k) => new TransportError(k, 'x').code);
    expect(new Set(codes).size).toBe(kinds.length);
    expect(new TransportError('unreachable', 'x').code).toBe('COORDINATOR_UNREACHABLE');
    expect(['timeout', 'closed', 'too-large'].map((k) => new LinkError(k as 'closed', 'x').code)).toEqual([
      'LINK_TIMEOUT',
      'LINK_CLOSED',
      'LINK_TOO_LARGE',
    ]);
  });

  it('tells coded errors from plain ones', () => {
    expect(isCodedError(new Error('x'))).toBe(false);
    expect(isCodedError(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe(false);
    expect(isCodedError('PROTOCOL_INVALID')).toBe(false);
  });
});
