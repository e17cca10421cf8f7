import assert from "node:assert/strict";
import { mlpMemoryEstimate, mlpParameterCount } from "./mlp_memory.ts";
import { mlpParamCount } from "./mlp.ts";

const BASE = {
  n: 2000,
  inputDim: 784,
  width: 128,
  depth: 4,
  probeK: 128,
  fullNtk: true,
  fileBytes: 47_040_016,
  explicitTransposes: false,
};

Deno.test("mlpParameterCount() counts the paper's Table 1 parameters, as the model does", () => {
  for (const [w, p] of [[128, 150_145], [256, 398_593], [512, 1_190_401], [1024, 3_953_665]]) {
    assert.equal(mlpParameterCount(784, w!, 4), p);
    assert.equal(mlpParamCount(784, w!, 4), p);
  }
  assert.equal(mlpParameterCount(10, 3, 1), 10 * 3 + 3 + 3 + 1);
});

Deno.test("mlpMemoryEstimate() adds the float64 kernels only with fullNtk: 3.5 n^2 doubles", () => {
  const withFull = mlpMemoryEstimate(BASE);
  const without = mlpMemoryEstimate({ ...BASE, fullNtk: false });
  assert.equal(withFull.parts.kernels! - without.parts.kernels!, 3.5 * 2000 * 2000 * 8);
  assert.equal(withFull.bytes, Object.values(withFull.parts).reduce((s, v) => s + v, 0));
});

Deno.test("mlpMemoryEstimate() grows with the width squared and with n times the width", () => {
  const at = (width: number, n: number) =>
    mlpMemoryEstimate({ ...BASE, width, n, fullNtk: false }).parts.device!;
  // doubling a wide net's width about quadruples its parameters (8 copies) on the device
  const wide = at(4096, 100) / at(2048, 100);
  assert.ok(wide > 3.5 && wide < 4.1, `ratio ${wide}`);
  // the activations of a narrow net on many samples grow linearly with n
  const many = at(64, 20000) / at(64, 10000);
  assert.ok(many > 1.9 && many < 2.1, `ratio ${many}`);
  // plain WebAssembly's explicit transposes hold two more [n, w] per layer
  const wasm = mlpMemoryEstimate({ ...BASE, fullNtk: false, explicitTransposes: true });
  assert.equal(wasm.parts.device! - at(128, 2000), 2 * 4 * 2000 * 128 * 4);
});

Deno.test("mlpMemoryEstimate() holds the sharpness probe's point, R-passes and Lanczos basis when larger", () => {
  const plain = mlpMemoryEstimate({ ...BASE, fullNtk: false });
  const probed = mlpMemoryEstimate({ ...BASE, fullNtk: false, hessianIters: 20 });
  const params = mlpParameterCount(784, 128, 4) * 4;
  const inputs = 3.5 * 2000 * 784 * 4;
  assert.equal(probed.parts.device! - inputs, 25 * params + 9 * 4 * 2000 * 128 * 4);
  assert.ok(probed.bytes > plain.bytes);
  assert.equal(mlpMemoryEstimate({ ...BASE, fullNtk: false, hessianIters: 0 }).bytes, plain.bytes);
});
