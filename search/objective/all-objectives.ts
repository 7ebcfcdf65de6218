// Every selection objective, by name (`--objective`); the first is the default.
import { MemnasError } from '../errors.ts';
import { budgetObjective } from './budget.ts';
import { paperObjective } from './paper.ts';
import type { Objective, ObjectiveName } from './types.ts';

export const OBJECTIVES: readonly Objective[] = [budgetObjective, paperObjective];

export const DEFAULT_OBJECTIVE: ObjectiveName = 'budget';

export function objectiveByName(name: string): Objective {
  const o = OBJECTIVES.find((x) => x.name === name);
  if (o === undefined)
    throw new MemnasError(
      'USAGE',
      `--objective takes ${OBJECTIVES.map((x) => x.name).join(' or ')}, got '${name}'`,
    );
  return o;
}
