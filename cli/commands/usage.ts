// Usage lines of every command, in one dependency-free module so the command list can show them
// without loading any command's implementation.
export { AGENT_USAGE } from '../../profiler-agent/agent/usage.ts';

export const SERVE_USAGE =
  'memnas serve [--port 7117] [--host 0.0.0.0] [--db ./memnas-coordinator.db] [--max-model-bytes 64MiB] [--heartbeat-ms 5000] [--retain 30d] [--serial /dev/ttyY]... [--baud 115200] [--quiet]';
export const USAGE = {
  estimate:
    'memnas estimate <file.onnx|arch.json> [--batch N] [--device NAME|local] [--order-budget STATES] [--json]',
  export:
    'memnas export <arch.json|--random --seed S> [--weights PATH] -o model.onnx [--verify] [--reference ref.json] [--naive] [--float16] [--json]',
  train:
    'memnas train <arch.json> [--dataset fashion-mnist|PATH] [--epochs N|--seconds S|--images N] [--batch-size B] [--optimizer adam|sgd] [--lr LR] [--weight-decay WD] [--seed S] [--backend auto|tfjs-node|wasm|cpu] [--out DIR] [--json]',
  profile:
    'memnas profile <model.onnx> --device NAME|tag:TAG|local [--coordinator URL] [--token T] [--json] [--batches 1,8,32] [--runs 50] [--warmup 5]',
  deploy:
    'memnas deploy <run DIR> [--device NAME|tag:TAG|local] [--out BUNDLE_DIR] [--coordinator URL] [--token T] [--json]',
  report: 'memnas report <run DIR> [--out FILE]',
  calibrate:
    'memnas calibrate --device NAME|local [--models 40] [--seed S] [--coordinator URL] [--token T] [--json]',
  search:
    'memnas search --dataset fashion-mnist|PATH [--memory-budget 300KB] [--lambda 0.5] [--objective budget|paper] [--picker controller|random] [--device NAME|local] [--time-budget 4m] [--out DIR] [--resume] [--seed S] [--workers N] [--coordinator URL] [--token T] [--json]',
} as const;
