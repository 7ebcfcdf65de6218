import { describe, expect, it } from 'vitest';
import { describeMutation } from '../../../app/report/describe.ts';

describe('describeMutation', () => {
  it('says what each step of a lineage did, a width step with its direction', () => {
    expect(describeMutation({ kind: 'seed', ops: ['conv3x3', 'maxPool3x3'] })).toBe(
      'seed conv3x3 + maxPool3x3',
    );
    expect(
      describeMutation({
        kind: 'grow',
        cell: { inputs: [0, 1], ops: ['conv3x3', 'avgPool3x3'], toOutput: true },
      }),
    ).toBe('grow conv3x3 + avgPool3x3 on inputs 0, 1');
    expect(describeMutation({ kind: 'trim-op', block: 2, cell: 0, branch: 1 })).toBe(
      'trim op 2 of cell 1 in block 3',
    );
    expect(describeMutation({ kind: 'trim-edge', block: 0, cell: 1 })).toBe(
      'trim output edge of cell 2 in block 1',
    );
    expect(describeMutation({ kind: 'width', from: 8, to: 10 })).toBe('widen cells from 8 to 10 channels');
    expect(describeMutation({ kind: 'width', from: 8, to: 6 })).toBe('narrow cells from 8 to 6 channels');
    expect(describeMutation({ kind: 'keep' })).toMatch(/trained further/);
  });
});
