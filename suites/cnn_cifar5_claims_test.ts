import assert from "node:assert/strict";
import { decayFixture, fixtureSweep, judgeClaim } from "../src/testing/sweep_fixtures.ts";
import { cnnCifar5Suite } from "./cnn_cifar5.ts";

const EPOCHS = Array.from({ length: 25 }, (_, t) => t);

/** A seed's run with loss c 0.7^t, drift d (1 - e^(-t/4)) and a geometric decay on epochs 5-20. */
function run(c: number, d: number, over: Record<string, number> = {}) {
  return {
    series: {
      epoch: EPOCHS,
      loss: EPOCHS.map((t) => c * 0.7 ** t),
      gradNormSq: EPOCHS.map((t) => c * 0.7 ** t),
      drift: EPOCHS.map((t) => d * (1 - Math.exp(-t / 4))),
    },
    summary: {
      decay: decayFixture("geometric", { rho: 0.7, gapDecades: 2.3, window: [5, 20] }),
      window: [5, 20] as [number, number],
      finalDrift: d * (1 - Math.exp(-6)),
      ...over,
    },
  };
}

Deno.test("cnn-cifar5 claims hold on three seeds that agree", () => {
  const scale = [1, 1.2, 0.9];
  const reports = fixtureSweep(cnnCifar5Suite, (c) => run(scale[c.seed]!, 3 + 0.2 * c.seed));
  for (const id of ["pl-envelope", "decay-narrow-band", "drift-saturates"]) {
    const r = judgeClaim(cnnCifar5Suite, reports, id);
    assert.equal(r.verdict, "holds", `${id}: ${r.line}`);
  }
});

Deno.test("pl-envelope fails on a seed whose PL ratio dips two decades below its median", () => {
  // the ratio ||grad L||^2 / (2 L) is 0.5 at every epoch; seed 1's gradient nearly vanishes at 12
  const reports = fixtureSweep(cnnCifar5Suite, (c) => {
    const base = run(1, 3);
    if (c.seed !== 1) return base;
    const gradNormSq = base.series.gradNormSq.map((g, t) => (t === 12 ? g / 100 : g));
    return { ...base, series: { ...base.series, gradNormSq } };
  });
  assert.equal(judgeClaim(cnnCifar5Suite, reports, "pl-envelope").verdict, "fails");
});

Deno.test("decay-narrow-band fails on seeds a decade apart, though each decays geometrically", () => {
  const scale = [1, 10, 0.1];
  const reports = fixtureSweep(cnnCifar5Suite, (c) => run(scale[c.seed]!, 3));
  const r = judgeClaim(cnnCifar5Suite, reports, "decay-narrow-band");
  assert.equal(r.verdict, "fails", r.line);
  assert.match(r.line, /band 1 decades on epochs 5-20/);
});

Deno.test("drift-saturates fails on the spread of the measured final drifts and on a drift still growing", () => {
  // final drifts 2.80, 3.26, 4.37 (the suite's notes): std 0.807 over mean 3.477, CV 0.2322
  const finals = [2.8, 3.26, 4.37];
  const spread = fixtureSweep(
    cnnCifar5Suite,
    (c) => run(1, finals[c.seed]!, { finalDrift: finals[c.seed]! }),
  );
  const r = judgeClaim(cnnCifar5Suite, spread, "drift-saturates");
  assert.equal(r.verdict, "fails", r.line);
  assert.match(r.line, /CV 0.2322/);
  const growing = fixtureSweep(cnnCifar5Suite, () => {
    const base = run(1, 3);
    return { ...base, series: { ...base.series, drift: EPOCHS.map((t) => t / 8) } };
  });
  const g = judgeClaim(cnnCifar5Suite, growing, "drift-saturates");
  assert.equal(g.verdict, "fails", g.line);
  assert.match(g.line, /last-quarter growth 0.25/);
});
