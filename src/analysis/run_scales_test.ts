import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import type { RunConfig } from "../config/run_config.ts";
import type { NtkSeries, Series } from "../report/schema.ts";
import { symmetricEigenvalues } from "../linalg/sym_eigen.ts";
import { structuredNtk } from "../ntk/structured_ntk.ts";
import { finiteDifferenceJacobian, flatParams, mlpForward64, smallMlp } from "../ntk/test_nets.ts";
import { etaOverEtaMax, momentumOf, outputScaleOf } from "./run_scales.ts";
import { summarize } from "./summarize.ts";

await tf.setBackend("cpu");

Deno.test("etaOverEtaMax() against hand-computed values: alpha^2 and heavy ball's 1 + beta", () => {
  // lr lambda_max / (2 (1 + beta) n alpha^2)
  assert.equal(etaOverEtaMax({ lr: 0.01, lambdaMax: 40, n: 200, alpha: 1, beta: 0 }), 0.001);
  assert.equal(etaOverEtaMax({ lr: 0.01, lambdaMax: 640, n: 200, alpha: 4, beta: 0 }), 0.001);
  const hb = etaOverEtaMax({ lr: 0.01, lambdaMax: 40, n: 200, alpha: 1, beta: 0.9 });
  assert.ok(Math.abs(hb - 0.001 / 1.9) < 1e-18, String(hb));
  const base = { suite: "s", seed: 0, epochs: 1, lr: 0.1, width: 1 } as RunConfig;
  assert.equal(outputScaleOf({ ...base, outputScale: 4 }), 4);
  assert.equal(outputScaleOf({ ...base, alpha: 8 }), 8);
  assert.equal(outputScaleOf(base), 1);
  assert.equal(momentumOf({ ...base, momentum: 0.9 }), 0.9);
  assert.equal(momentumOf(base), 0);
});

/** Inputs of the tiny problem: 6 samples in R^3. */
const XS = [[1, 0, 0.5], [0, 1, -1], [1, 1, 0], [-0.5, 2, 1], [0.3, -1, 2], [2, 0.1, -0.4]];
const DIMS = [3, 6, 5, 1];

/** Float64 kernel of alpha f by central differences (independent of tfjs' backward pass). */
function kernelByDifferences(theta: Float64Array, alpha: number): Float64Array {
  const n = XS.length;
  const p = theta.length;
  const jac = finiteDifferenceJacobian((t, x) => mlpForward64(DIMS, t, x), theta, XS, 1);
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < p; q++) s += jac[i * p + q]! * jac[j * p + q]!;
      k[i * n + j] = alpha * alpha * s;
    }
  }
  return k;
}

/**
 * Heavy ball (beta = 0: gradient descent) on the squared loss of the model linearised at theta_0,
 * L = 1/(2 n alpha^2) ||r||^2, written in function space: u <- beta u + K r / (n alpha^2),
 * r <- r - lr u. Returns ||r|| after `steps` relative to its start.
 */
function linearisedRun(kernel: Float64Array, alpha: number, lr: number, beta: number): number {
  const n = XS.length;
  let r = XS.map((_, i) => 1 - 0.3 * i);
  let u = r.map(() => 0);
  const start = Math.hypot(...r);
  for (let step = 0; step < 3000; step++) {
    const kr = r.map((_, i) => r.reduce((s, rj, j) => s + kernel[i * n + j]! * rj, 0));
    u = u.map((ui, i) => beta * ui + kr[i]! / (n * alpha * alpha));
    r = r.map((ri, i) => ri - lr * u[i]!);
  }
  return Math.hypot(...r) / start;
}

function ntkOf(kernel: Float64Array, k: number): NtkSeries {
  const eig = symmetricEigenvalues({ n: k, data: kernel });
  return {
    epoch: [0],
    lambdaMin: [eig[0]!],
    lambdaMax: [eig[k - 1]!],
    kernelShift: [0],
    drift: [0],
    k,
    belowNoiseFloor: [false],
  };
}

function oneEpoch(): Series {
  return { epoch: [0], loss: [1], gradNormSq: [1], drift: [0], lr: [0.1], seconds: [0] };
}

Deno.test("eta/eta_max at outputScale 4 equals outputScale 1 for the same network, and is the edge", () => {
  const mlp = smallMlp(DIMS, 4);
  const theta = flatParams(mlp.variables);
  const x = tf.tensor2d(XS);
  const config = { suite: "mlp-mnist", seed: 0, epochs: 0, lr: 0.05, width: 6 } as RunConfig;
  const ratios: number[] = [];
  for (const alpha of [1, 4]) {
    const scaled = { ...mlp, outputScale: alpha };
    const kernel = structuredNtk(scaled, x);
    const measured = Float64Array.from(kernel.dataSync());
    kernel.dispose();
    // the device kernel of alpha f is alpha^2 times f's: checked against float64 differences
    const reference = kernelByDifferences(theta, alpha);
    const scale = Math.max(...reference.map(Math.abs));
    assert.ok(measured.every((v, i) => Math.abs(v - reference[i]!) < 1e-4 * scale));
    const series = { ...oneEpoch(), fullNtk: ntkOf(measured, XS.length) };
    const s = summarize(series, { ...config, outputScale: alpha }, { trainSize: XS.length });
    ratios.push(s.etaOverEtaMax!);
    // the edge is real: linearised GD does not grow at 0.99 eta_max (the top mode contracts by
    // 0.98 a step; flat modes converge slowly) and blows up at 1.01 eta_max
    const etaMax = config.lr / s.etaOverEtaMax!;
    assert.ok(linearisedRun(reference, alpha, 0.99 * etaMax, 0) < 1);
    assert.ok(linearisedRun(reference, alpha, 1.01 * etaMax, 0) > 1e3);
    // heavy ball with beta = 0.9: the summary's edge is 1.9 times larger, and real
    const hb = summarize(series, { ...config, outputScale: alpha, momentum: 0.9 }, {
      trainSize: XS.length,
    });
    assert.ok(Math.abs(hb.etaOverEtaMax! * 1.9 - s.etaOverEtaMax!) < 1e-12 * s.etaOverEtaMax!);
    const hbMax = config.lr / hb.etaOverEtaMax!;
    assert.ok(linearisedRun(reference, alpha, 0.99 * hbMax, 0.9) < 1e-3);
    assert.ok(linearisedRun(reference, alpha, 1.01 * hbMax, 0.9) > 1e3);
  }
  assert.ok(Math.abs(ratios[1]! / ratios[0]! - 1) < 1e-5, String(ratios));
  tf.dispose([x, ...mlp.variables]);
});
