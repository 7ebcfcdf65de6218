// Validation at the edge: raw JSON → a normalized Architecture, or one MemnasError whose message
// names the offending node and field.
import type { z } from 'zod';
import { MemnasError } from '../errors.ts';
import { checkAcyclic, checkAllReachOutput, checkReferences } from './graph-order.ts';
import { architectureEnvelope, knownOps, nodeSchemas } from './schema.ts';
import { nodeFacts } from './shapes.ts';
import type { ArchNode, Architecture } from './types.ts';

function describeIssue(issue: z.core.$ZodIssue, prefix: string): string {
  const field = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  return field ? `${prefix}field '${field}': ${issue.message}` : `${prefix}${issue.message}`;
}

function parseNode(raw: unknown, index: number): ArchNode {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new MemnasError('ARCH_INVALID', `nodes[${index}]: expected an object`);
  }
  const record = raw as Record<string, unknown>;
  const name = typeof record.id === 'string' ? `node '${record.id}'` : `nodes[${index}]`;
  const op = record.op;
  if (typeof op !== 'string')
    throw new MemnasError('ARCH_INVALID', `${name} field 'op': missing or not a string`);
  if (!knownOps.includes(op)) {
    throw new MemnasError('ARCH_UNKNOWN_OP', `${name}: unknown op '${op}' (known: ${knownOps.join(', ')})`);
  }
  const result = nodeSchemas[op as keyof typeof nodeSchemas].safeParse(raw);
  if (!result.success)
    throw new MemnasError('ARCH_INVALID', describeIssue(result.error.issues[0]!, `${name} `));
  const node = result.data;
  // Pool strides default to the window, as in Keras and most papers.
  if ((node.op === 'maxPool' || node.op === 'avgPool') && node.strides === undefined) {
    return { ...node, strides: node.pool };
  }
  return node as ArchNode;
}

/** Parse and fully validate an architecture (structure, references, cycles, shapes, output). */
export function parseArchitecture(raw: unknown): Architecture {
  const envelope = architectureEnvelope.safeParse(raw);
  if (!envelope.success) throw new MemnasError('ARCH_INVALID', describeIssue(envelope.error.issues[0]!, ''));
  const { genotype, ...rest } = envelope.data;
  const arch: Architecture = {
    ...rest,
    nodes: envelope.data.nodes.map(parseNode),
    ...(genotype === undefined ? {} : { genotype }),
  };
  checkReferences(arch);
  checkAcyclic(arch);
  const facts = nodeFacts(arch);
  checkAllReachOutput(arch);
  const out = facts.find((f) => f.node.id === arch.output)!.outputShape;
  if (out.length !== 1 || out[0] !== arch.classes) {
    throw new MemnasError(
      'ARCH_SHAPE_MISMATCH',
      `output node '${arch.output}' produces [${out.join(', ')}] but the architecture has ${arch.classes} classes`,
    );
  }
  return arch;
}
