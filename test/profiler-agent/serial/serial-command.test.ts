// `agent --serial`: every mistake a user can make on the command line, and a device path that
// does not exist, is one clear AgentError before anything runs.
import { describe, expect, it } from 'vitest';
import { serialAgentCommand } from '../../../profiler-agent/serial/serial-command.ts';

const run = (argv: string[]) => serialAgentCommand(argv).catch((e: unknown) => e);

describe('agent --serial', () => {
  it('requires the device path', async () => {
    expect(await run(['--token', 'tok-123456'])).toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('--serial /dev/ttyX is required'),
    });
  });

  it('requires a token', async () => {
    const saved = process.env.MEMNAS_TOKEN;
    delete process.env.MEMNAS_TOKEN;
    try {
      expect(await run(['--serial', '/dev/ttyX'])).toMatchObject({
        code: 'USAGE',
        message: expect.stringContaining('no token'),
      });
    } finally {
      if (saved !== undefined) process.env.MEMNAS_TOKEN = saved;
    }
  });

  it('checks --baud and unknown flags', async () => {
    expect(await run(['--serial', '/dev/ttyX', '--token', 't', '--baud', 'fast'])).toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('--baud takes a whole number'),
    });
    expect(await run(['--serial', '/dev/ttyX', '--token', 't', '--coordinator', 'http://x'])).toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('usage: memnas agent --serial'),
    });
  });

  it('names a device path that does not exist', async () => {
    expect(
      await run(['--serial', '/dev/memnas-no-such-tty', '--token', 'tok-123456', '--name', 'x']),
    ).toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: 'no serial device at /dev/memnas-no-such-tty',
    });
  });
});
