// The agent's own check of a model before any runtime sees its bytes: a model whose tensors keep
// their data in other files is refused (MODEL_INVALID, final: it fails the same way everywhere),
// whichever way it arrived (a coordinator's job, a serial line, `profile` of a local file).
import { AgentError } from '../errors.ts';
import { describeExternalData, findExternalData } from './external-data.ts';

export function refuseExternalData(bytes: Uint8Array): void {
  const found = findExternalData(bytes);
  if (found === null) return;
  if (found.kind === 'malformed') throw new AgentError('MODEL_INVALID', `not an ONNX model: ${found.reason}`);
  throw new AgentError('MODEL_INVALID', `${describeExternalData(found)} [ONNX_EXTERNAL_DATA]`);
}
