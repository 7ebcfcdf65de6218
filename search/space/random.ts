// Random genotypes of the search space, reproducible from a seed: test and calibration sets that
// cover every operation and connection kind (skip reads, concatenated and dropped outputs).
import { ALL_OPERATIONS, type Operation } from './operations.ts';
import { SPACE_ID, type Block, type Cell, type Genotype } from './genotype.ts';
import { createRng, type Rng } from '../random.ts';

export interface RandomGenotypeOptions {
  /** Cells per block drawn from 1..maxCells (default 3). */
  readonly maxCells?: number;
  /** Widths drawn from this list (default 4, 6, 8, 12, 16). */
  readonly widths?: readonly number[];
  /** The same cells in every block, as grow builds them (default: 50% chance). */
  readonly uniform?: boolean;
}

function randomBlock(rng: Rng, cells: number): Block {
  const list: Cell[] = [];
  for (let ci = 0; ci < cells; ci++) {
    const pick = (): number => rng.int(ci + 1);
    const op = (): Operation => rng.pick(ALL_OPERATIONS);
    list.push({ inputs: [pick(), pick()], ops: [op(), op()], toOutput: true });
  }
  // Drop output edges at random where a later cell still reads the cell (what trim does).
  return {
    cells: list.map((c, ci) => {
      const readLater = list.slice(ci + 1).some((l) => l.inputs.includes(ci + 1));
      return readLater && rng.next() < 0.5 ? { ...c, toOutput: false } : c;
    }),
  };
}

export function randomGenotype(seed: number, options: RandomGenotypeOptions = {}): Genotype {
  const rng = createRng(seed);
  const maxCells = options.maxCells ?? 3;
  const width = rng.pick(options.widths ?? [4, 6, 8, 12, 16]);
  const uniform = options.uniform ?? rng.next() < 0.5;
  const first = randomBlock(rng, 1 + rng.int(maxCells));
  const blocks = [0, 1, 2, 3, 4].map((i) =>
    uniform || i === 0 ? first : randomBlock(rng, 1 + rng.int(maxCells)),
  );
  return { space: SPACE_ID, width, stem: width, blocks };
}
