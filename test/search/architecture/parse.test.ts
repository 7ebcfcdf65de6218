import { describe, expect, it } from 'vitest';
import { parseArchitecture } from '../../../search/architecture/parse.ts';
import { MemnasError } from '../../../search/errors.ts';

const base = () => ({
  format: 'memnas.architecture',
  version: 1,
  input: { shape: [8, 8, 3] },
  classes: 4,
  nodes: [
    { id: 'c1', op: 'conv', inputs: ['input'], filters: 6, kernel: 3 },
    { id: 'c2', op: 'conv', inputs: ['c1'], filters: 6, kernel: [1, 7] },
    { id: 'sum', op: 'add', inputs: ['c1', 'c2'] },
    { id: 'gap', op: 'globalPool', inputs: ['sum'] },
    { id: 'fc', op: 'dense', inputs: ['gap'], units: 4 },
  ] as Record<string, unknown>[],
  output: 'fc',
});

function failure(raw: unknown): MemnasError {
  try {
    parseArchitecture(raw);
  } catch (e) {
    if (e instanceof MemnasError) return e;
    throw e;
  }
  throw new Error('expected parseArchitecture to fail');
}

describe('parseArchitecture', () => {
  it('normalizes shorthand and fills defaults', () => {
    const arch = parseArchitecture(base());
    expect(arch.input.name).toBe('input');
    expect(arch.name).toBe('unnamed');
    expect(arch.nodes[0]).toMatchObject({
      kernel: [3, 3],
      strides: [1, 1],
      dilations: [1, 1],
      padding: 'same',
      useBias: true,
    });
    expect(arch.nodes[1]).toMatchObject({ kernel: [1, 7] });
  });

  it('defaults pool strides to the window', () => {
    const raw = base();
    raw.nodes.splice(3, 0, { id: 'p', op: 'maxPool', inputs: ['sum'], pool: 2 });
    raw.nodes[4]!.inputs = ['p'];
    expect(parseArchitecture(raw).nodes[3]).toMatchObject({ pool: [2, 2], strides: [2, 2] });
  });

  it('names the node and field of a bad value', () => {
    const raw = base();
    raw.nodes[1]!.filters = -2;
    const e = failure(raw);
    expect(e.code).toBe('ARCH_INVALID');
    expect(e.message).toMatch(/node 'c2' field 'filters'/);
  });

  it('rejects unknown fields and unknown ops', () => {
    const raw = base();
    raw.nodes[0]!.kernal = 3;
    expect(failure(raw).message).toMatch(/node 'c1'.*kernal/);
    const raw2 = base();
    raw2.nodes[2]!.op = 'mul';
    const e = failure(raw2);
    expect(e.code).toBe('ARCH_UNKNOWN_OP');
    expect(e.message).toMatch(/node 'sum': unknown op 'mul'/);
  });

  it('reports a dangling input with its node and position', () => {
    const raw = base();
    raw.nodes[2]!.inputs = ['c1', 'nope'];
    const e = failure(raw);
    expect(e.code).toBe('ARCH_DANGLING_INPUT');
    expect(e.message).toMatch(/node 'sum' field 'inputs\[1\]': 'nope'/);
  });

  it('reports a cycle with its path', () => {
    const raw = base();
    raw.nodes[0]!.inputs = ['c2'];
    const e = failure(raw);
    expect(e.code).toBe('ARCH_CYCLE');
    expect(e.message).toMatch(/c1 → c2 → c1|c2 → c1 → c2/);
  });

  it('reports mismatched shapes at an add and a concat', () => {
    const raw = base();
    raw.nodes[1]!.strides = 2;
    const e = failure(raw);
    expect(e.code).toBe('ARCH_SHAPE_MISMATCH');
    expect(e.message).toMatch(/node 'sum' \(add\): input 'c2' has shape \[4, 4, 6\]/);
    raw.nodes[2]!.op = 'concat';
    const e2 = failure(raw);
    expect(e2.message).toMatch(/node 'sum' \(concat\): input 'c2' is 4×4/);
  });

  it('checks the output has one value per class', () => {
    const raw = base();
    raw.classes = 5;
    expect(failure(raw).message).toMatch(/output node 'fc' produces \[4\].*5 classes/);
  });

  it('rejects dead nodes, duplicate ids, wrong arity and a wrong format tag', () => {
    const dead = base();
    dead.nodes.push({ id: 'extra', op: 'activation', inputs: ['c1'], fn: 'relu' });
    expect(failure(dead).message).toMatch(/node 'extra'.*never reaches/);
    const dup = base();
    dup.nodes[1]!.id = 'c1';
    expect(failure(dup).message).toMatch(/duplicate id/);
    const arity = base();
    arity.nodes[2]!.inputs = ['c1'];
    expect(failure(arity).message).toMatch(/node 'sum' field 'inputs': add takes at least 2/);
    expect(failure({ ...base(), format: 'other' }).message).toMatch(/field 'format'/);
  });

  it('accepts nodes listed out of execution order', () => {
    const raw = base();
    raw.nodes.reverse();
    expect(parseArchitecture(raw).nodes).toHaveLength(5);
  });
});
