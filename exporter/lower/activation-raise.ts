// ONNX Relu, Clip(0, 6), Sigmoid, Tanh, HardSwish, HardSigmoid → activation, the inverse of
// activation.ts (read through its own table, so the two cannot drift apart).
import type { ActivationFn } from '../../search/architecture/types.ts';
import { ACTIVATION_ONNX_OP } from './activation.ts';
import type { RaiseContext, Raising } from './raising.ts';

const FN_OF = new Map<string, ActivationFn>(
  (Object.entries(ACTIVATION_ONNX_OP) as [ActivationFn, string][]).map(([fn, op]) => [op, fn]),
);

/** The first value of the initializer at input `k`, or undefined when the input is absent. */
function scalar(ctx: RaiseContext, k: number): number | undefined {
  return ctx.hasInput(k) ? ctx.initializer(k).data[0] : undefined;
}

export const raiseActivation: Raising = {
  onnxOps: [...FN_OF.keys()],
  raise(ctx) {
    const fn = FN_OF.get(ctx.opType);
    if (fn === undefined) throw ctx.unsupported('not an activation memnas writes');
    if (fn === 'relu6' && (scalar(ctx, 1) !== 0 || scalar(ctx, 2) !== 6))
      throw ctx.unsupported('only Clip(0, 6) is imported');
    ctx.add({ id: ctx.id, op: 'activation', inputs: ctx.inputs.slice(0, 1), fn });
  },
};
