// Models whose tensors keep their data in other files, built here (issue 18): the exfiltration
// model (a Constant whose value names secret.txt next to the model), a Constant naming an
// absolute path, an initializer with external data, and the other places a tensor can hide —
// a sparse tensor attribute, a tensor list, a subgraph of If, a function body, data_location
// without a location. Each is otherwise a valid model onnxruntime would load.
import { onnx, type OnnxTypes } from '../../../exporter/onnx/proto.ts';
import { DataType } from '../../../exporter/onnx/tensor-info.ts';

const T = onnx.AttributeProto.AttributeType;
const EXTERNAL = onnx.TensorProto.DataLocation.EXTERNAL;

function externalTensor(name: string, location: string | null): OnnxTypes.ITensorProto {
  return {
    name,
    dims: [16],
    dataType: DataType.UINT8,
    dataLocation: EXTERNAL,
    externalData:
      location === null
        ? []
        : [
            { key: 'location', value: location },
            { key: 'offset', value: '0' },
            { key: 'length', value: '16' },
          ],
  };
}

const floatInfo = (name: string): OnnxTypes.IValueInfoProto => ({
  name,
  type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: [{ dimValue: 1 }] } } },
});

function model(
  graph: Partial<OnnxTypes.IGraphProto>,
  extra: Partial<OnnxTypes.IModelProto> = {},
): Uint8Array {
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 13 }],
      graph: {
        name: 'g',
        input: [floatInfo('x')],
        output: [floatInfo('y')],
        node: [{ name: 'relu', opType: 'Relu', input: ['x'], output: ['y'] }],
        ...graph,
      },
      ...extra,
    }),
  ).finish();
}

const constantNode = (tensor: OnnxTypes.ITensorProto): OnnxTypes.INodeProto => ({
  name: 'leak',
  opType: 'Constant',
  output: ['secret'],
  attribute: [{ name: 'value', type: T.TENSOR, t: tensor }],
});

const relu: OnnxTypes.INodeProto = { name: 'relu', opType: 'Relu', input: ['x'], output: ['y'] };

export interface ExternalCase {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** What the refusal must name: where the tensor is and which file. */
  readonly where: string;
  readonly location: string;
}

export function externalDataModels(): ExternalCase[] {
  return [
    {
      name: 'a Constant with relative external data (the exfiltration model)',
      bytes: model({ node: [constantNode(externalTensor('', 'secret.txt')), relu] }),
      where: 'node "leak" (Constant)',
      location: '"secret.txt"',
    },
    {
      name: 'a Constant with an absolute external path',
      bytes: model({ node: [constantNode(externalTensor('', '/etc/passwd')), relu] }),
      where: 'node "leak" (Constant)',
      location: '"/etc/passwd"',
    },
    {
      name: 'an initializer with external data',
      bytes: model({ initializer: [externalTensor('w', 'weights.bin')] }),
      where: 'initializer "w"',
      location: '"weights.bin"',
    },
    {
      name: 'a sparse tensor attribute',
      bytes: model({
        node: [
          {
            name: 'sparse',
            opType: 'Constant',
            output: ['s'],
            attribute: [
              {
                name: 'sparse_value',
                type: T.SPARSE_TENSOR,
                sparseTensor: {
                  dims: [16],
                  values: externalTensor('v', 'v.bin'),
                  indices: { dims: [1], dataType: DataType.INT64, int64Data: [0] },
                },
              },
            ],
          },
          relu,
        ],
      }),
      where: 'sparse tensor › values "v"',
      location: '"v.bin"',
    },
    {
      name: 'a sparse initializer',
      bytes: model({ sparseInitializer: [{ dims: [16], values: externalTensor('sv', 's.bin') }] }),
      where: 'sparse initializer › values "sv"',
      location: '"s.bin"',
    },
    {
      name: 'a tensor list attribute',
      bytes: model({
        node: [
          {
            name: 'custom',
            opType: 'Identity',
            input: ['x'],
            output: ['z'],
            attribute: [{ name: 'tensors', type: T.TENSORS, tensors: [externalTensor('t0', 't.bin')] }],
          },
          relu,
        ],
      }),
      where: 'node "custom" (Identity)',
      location: '"t.bin"',
    },
    {
      name: 'a Constant inside the then-branch of an If, two levels down',
      bytes: model({
        node: [
          {
            name: 'outer-if',
            opType: 'If',
            input: ['c'],
            output: ['o'],
            attribute: [
              {
                name: 'then_branch',
                type: T.GRAPH,
                g: {
                  name: 'then',
                  node: [
                    {
                      name: 'inner-if',
                      opType: 'If',
                      attribute: [
                        {
                          name: 'else_branch',
                          type: T.GRAPH,
                          g: { name: 'deep', node: [constantNode(externalTensor('', '../../etc/shadow'))] },
                        },
                      ],
                    },
                  ],
                },
              },
            ],
          },
          relu,
        ],
      }),
      where: 'subgraph "deep" › node "leak" (Constant)',
      location: '"../../etc/shadow"',
    },
    {
      name: 'a Constant in a model-local function',
      bytes: model(
        {},
        {
          functions: [{ name: 'f', domain: 'local', node: [constantNode(externalTensor('', 'f.bin'))] }],
        },
      ),
      where: 'function "f" › node "leak" (Constant)',
      location: '"f.bin"',
    },
    {
      name: 'data_location EXTERNAL without a location',
      bytes: model({ initializer: [externalTensor('w', null)] }),
      where: 'initializer "w"',
      location: 'no location',
    },
  ];
}

/** The same graphs without the external tensor: what a clean model looks like to the walk. */
export function cleanModel(): Uint8Array {
  return model({
    node: [constantNode({ name: '', dims: [1], dataType: DataType.FLOAT, floatData: [1] }), relu],
    initializer: [{ name: 'w', dims: [2], dataType: DataType.FLOAT, rawData: new Uint8Array(8) }],
  });
}
