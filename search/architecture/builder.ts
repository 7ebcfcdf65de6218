// A small fluent builder for architectures, used by the search space, example generators and
// tests. Each call appends one node and returns its id, so graphs read like the paper's figures.
import { ARCHITECTURE_FORMAT, ARCHITECTURE_VERSION } from './types.ts';
import type { ActivationFn, ArchNode, Architecture, Padding, Pair } from './types.ts';

type Size = number | Pair;
const pair = (v: Size): Pair => (typeof v === 'number' ? [v, v] : v);

export interface ConvOptions {
  readonly strides?: Size;
  readonly dilations?: Size;
  readonly padding?: Padding;
  readonly useBias?: boolean;
}

export class ArchitectureBuilder {
  private readonly nodes: ArchNode[] = [];
  private readonly used = new Map<string, number>();
  readonly input: string;

  constructor(
    private readonly name: string,
    private readonly inputShape: readonly [number, number, number],
    private readonly classes: number,
    inputName = 'input',
  ) {
    this.input = inputName;
  }

  /** A fresh id from a stem: 'conv', 'conv_1', 'conv_2', ... */
  private id(stem: string): string {
    const n = this.used.get(stem) ?? 0;
    this.used.set(stem, n + 1);
    return n === 0 ? stem : `${stem}_${n}`;
  }

  private push(node: ArchNode): string {
    this.nodes.push(node);
    return node.id;
  }

  conv(input: string, filters: number, kernel: Size, o: ConvOptions = {}, stem = 'conv'): string {
    return this.push({
      id: this.id(stem),
      op: 'conv',
      inputs: [input],
      filters,
      kernel: pair(kernel),
      strides: pair(o.strides ?? 1),
      dilations: pair(o.dilations ?? 1),
      padding: o.padding ?? 'same',
      useBias: o.useBias ?? false,
    });
  }

  depthwise(input: string, kernel: Size, o: ConvOptions = {}, stem = 'dwconv'): string {
    return this.push({
      id: this.id(stem),
      op: 'depthwiseConv',
      inputs: [input],
      kernel: pair(kernel),
      strides: pair(o.strides ?? 1),
      dilations: pair(o.dilations ?? 1),
      padding: o.padding ?? 'same',
      multiplier: 1,
      useBias: o.useBias ?? false,
    });
  }

  pool(
    input: string,
    mode: 'max' | 'avg',
    size: Size,
    strides: Size = size,
    padding: Padding = 'same',
  ): string {
    const op = mode === 'max' ? 'maxPool' : 'avgPool';
    return this.push({
      id: this.id(op),
      op,
      inputs: [input],
      pool: pair(size),
      strides: pair(strides),
      padding,
    });
  }

  batchNorm(input: string, stem = 'bn'): string {
    return this.push({ id: this.id(stem), op: 'batchNorm', inputs: [input], epsilon: 1e-3 });
  }

  activation(input: string, fn: ActivationFn = 'relu', stem: string = fn): string {
    return this.push({ id: this.id(stem), op: 'activation', inputs: [input], fn });
  }

  /** conv → batch norm → activation, the usual unit. */
  convBnAct(
    input: string,
    filters: number,
    kernel: Size,
    o: ConvOptions = {},
    fn: ActivationFn | null = 'relu',
  ): string {
    const bn = this.batchNorm(this.conv(input, filters, kernel, o));
    return fn === null ? bn : this.activation(bn, fn);
  }

  add(inputs: readonly string[], stem = 'add'): string {
    return this.push({ id: this.id(stem), op: 'add', inputs: [...inputs] });
  }

  concat(inputs: readonly string[], stem = 'concat'): string {
    return this.push({ id: this.id(stem), op: 'concat', inputs: [...inputs] });
  }

  globalPool(input: string, mode: 'avg' | 'max' = 'avg'): string {
    return this.push({ id: this.id('gap'), op: 'globalPool', inputs: [input], mode });
  }

  flatten(input: string): string {
    return this.push({ id: this.id('flatten'), op: 'flatten', inputs: [input] });
  }

  dense(input: string, units: number, useBias = true, stem = 'dense'): string {
    return this.push({ id: this.id(stem), op: 'dense', inputs: [input], units, useBias });
  }

  /** Finish with `output` as the logits node. The result still goes through parseArchitecture where it matters. */
  build(output: string, genotype?: unknown): Architecture {
    return {
      format: ARCHITECTURE_FORMAT,
      version: ARCHITECTURE_VERSION,
      name: this.name,
      input: { name: this.input, shape: this.inputShape },
      classes: this.classes,
      nodes: [...this.nodes],
      output,
      ...(genotype === undefined ? {} : { genotype }),
    };
  }
}
