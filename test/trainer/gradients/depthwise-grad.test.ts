// Our wasm DepthwiseConv2dNative gradients (trainer/gradients/wasm) against the cpu backend's and
// a float64 finite-difference gradient, over the grid in conv-cases.ts, to 1e-4 relative error.
import { describeGradientSuite } from './conv-grad-suite.ts';

describeGradientSuite('wasm DepthwiseConv2dNative gradients', true);
