import { describe, expect, it } from 'vitest';
import { AgentError } from '../../../profiler-agent/errors.ts';
import { createOrtNodeEntry } from '../../../profiler-agent/runtime/ort-node.ts';
import { RuntimeRegistry } from '../../../profiler-agent/runtime/registry.ts';
import type { InferenceRuntime, RuntimeEntry } from '../../../profiler-agent/runtime/types.ts';

function fake(name: string, priority: number, fail?: AgentError): RuntimeEntry & { loads: number } {
  const entry = {
    name,
    priority,
    loads: 0,
    async load(): Promise<InferenceRuntime> {
      entry.loads++;
      if (fail) throw fail;
      return { name, version: '0', load: () => Promise.reject(new Error('not used')) };
    },
  };
  return entry;
}

describe('runtime registry', () => {
  it('picks the highest priority and loads it once', async () => {
    const low = fake('low', 1);
    const high = fake('high', 5);
    const registry = new RuntimeRegistry().register(low).register(high);
    expect((await registry.resolve()).name).toBe('high');
    expect((await registry.resolve('auto')).name).toBe('high');
    expect(high.loads).toBe(1);
    expect(low.loads).toBe(0);
    expect((await registry.resolve('low')).name).toBe('low');
  });

  it('falls back only on RUNTIME_UNAVAILABLE', async () => {
    const broken = fake('broken', 9, new AgentError('RUNTIME_UNAVAILABLE', 'broken is missing'));
    const registry = new RuntimeRegistry().register(broken).register(fake('spare', 1));
    expect((await registry.resolve()).name).toBe('spare');
    const buggy = new RuntimeRegistry()
      .register(fake('buggy', 9, new AgentError('INTERNAL', 'bug')))
      .register(fake('spare', 1));
    await expect(buggy.resolve()).rejects.toThrow('bug');
  });

  it('names unknown runtimes and what is available', async () => {
    const registry = new RuntimeRegistry().register(fake('ort-node', 1));
    await expect(registry.resolve('ort-web')).rejects.toThrow(
      "unknown runtime 'ort-web' (available: ort-node)",
    );
  });

  it('says how to install onnxruntime-node when it is missing', async () => {
    const registry = new RuntimeRegistry().register(
      createOrtNodeEntry('onnxruntime-node-that-is-not-installed'),
    );
    const error = await registry.resolve().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentError);
    expect((error as AgentError).code).toBe('RUNTIME_UNAVAILABLE');
    expect((error as AgentError).message).toContain('install onnxruntime-node (npm i onnxruntime-node)');
  });

  it('loads the real onnxruntime-node and reports its version', async () => {
    const runtime = await new RuntimeRegistry().register(createOrtNodeEntry()).resolve();
    expect(runtime.name).toBe('ort-node');
    expect(runtime.version).toMatch(/^1\.\d+\.\d+/);
  });
});
