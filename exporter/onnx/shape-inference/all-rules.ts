// The one list of operator shape rules (like tfjs-backend-cpu's register_all_kernels): adding an
// operator means writing its rule in this folder and listing it here. Building the map has no
// side effects beyond this module.
import { binaryRules } from './binary.ts';
import { concatSplitRules } from './concat-split.ts';
import { constantRules } from './constant.ts';
import { convRules } from './conv.ts';
import { expandRules } from './expand.ts';
import { gatherRules } from './gather.ts';
import { matmulRules } from './matmul.ts';
import { normalizationRules } from './normalization.ts';
import { poolRules } from './pool.ts';
import { reduceRules } from './reduce.ts';
import { reshapeRules } from './reshape.ts';
import { resizeRules } from './resize.ts';
import { sliceRules } from './slice.ts';
import type { OpShapeRule, ShapeRule } from './types.ts';
import { unaryRules } from './unary.ts';

export const ALL_SHAPE_RULES: readonly OpShapeRule[] = [
  ...unaryRules,
  ...binaryRules,
  ...convRules,
  ...poolRules,
  ...matmulRules,
  ...normalizationRules,
  ...constantRules,
  ...reshapeRules,
  ...concatSplitRules,
  ...gatherRules,
  ...sliceRules,
  ...reduceRules,
  ...resizeRules,
  ...expandRules,
];

/** Default-domain operator type → its shape rule. */
export function shapeRuleMap(
  rules: readonly OpShapeRule[] = ALL_SHAPE_RULES,
): ReadonlyMap<string, ShapeRule> {
  const map = new Map<string, ShapeRule>();
  for (const r of rules) {
    if (map.has(r.opType)) throw new Error(`duplicate shape rule for ${r.opType}`);
    map.set(r.opType, r.infer);
  }
  return map;
}
