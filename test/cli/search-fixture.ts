// A tiny synthetic image-folder dataset for the search end-to-end test: three classes of 8×8 grey
// images (bright top, bright bottom, bright left half), train and test splits.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

export function makeSearchDataset(root: string, perClass = { train: 60, test: 15 }): void {
  for (const [split, count] of [
    ['train', perClass.train],
    ['test', perClass.test],
  ] as const) {
    for (const [label, q] of [
      ['top', 0],
      ['bottom', 1],
      ['left', 2],
    ] as const) {
      const folder = join(root, split, label);
      mkdirSync(folder, { recursive: true });
      for (let i = 0; i < count; i++) {
        const png = new PNG({ width: 8, height: 8, colorType: 0 });
        for (let y = 0; y < 8; y++) {
          for (let x = 0; x < 8; x++) {
            const on = q === 0 ? y < 4 : q === 1 ? y >= 4 : x < 4;
            const v = on ? 200 + ((i * 7 + x) % 50) : (i * 13 + y) % 40;
            const k = (y * 8 + x) * 4;
            png.data[k] = png.data[k + 1] = png.data[k + 2] = v;
            png.data[k + 3] = 255;
          }
        }
        writeFileSync(join(folder, `${i}.png`), PNG.sync.write(png, { colorType: 0 }));
      }
    }
  }
}
