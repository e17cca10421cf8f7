import assert from "node:assert/strict";
import type { RunConfig } from "../config/run_config.ts";
import { drawProbeSubset, probeSeedOf } from "../ntk/probe_subset.ts";
import { makeReport } from "../testing/report_factory.ts";
import { staleProbe } from "./probe_reuse.ts";

/** A suite's subset as mlp-mnist draws it: min(ntkK, n) inputs from probeSeed, none at ntkK 0. */
const subsetOf = (config: RunConfig, n: number) =>
  Number(config.ntkK) > 0
    ? drawProbeSubset(n, Math.min(Number(config.ntkK), n), probeSeedOf(config))
    : null;

const config = { suite: "mlp-mnist", ntkK: 16 };

Deno.test("staleProbe() keeps a report probed on the subset its cell draws", () => {
  const probe = drawProbeSubset(200, 16, 0).record;
  assert.equal(staleProbe(makeReport({ config, trainSize: 200, probe }), subsetOf), null);
  const seeded = { ...config, probeSeed: 5 };
  const probe5 = drawProbeSubset(200, 16, 5).record;
  assert.equal(
    staleProbe(makeReport({ config: seeded, trainSize: 200, probe: probe5 }), subsetOf),
    null,
  );
});

Deno.test("staleProbe() refuses a report without a record, as written when the sweep drew it", () => {
  const reason = staleProbe(makeReport({ config, trainSize: 200 }), subsetOf);
  assert.match(reason ?? "", /records no NTK probe subset .* this cell probes seed 0, 16 of 200/);
});

Deno.test("staleProbe() refuses a report probed on another seed, size or set of inputs", () => {
  const cases = [
    drawProbeSubset(200, 16, 1).record,
    drawProbeSubset(200, 8, 0).record,
    { ...drawProbeSubset(200, 16, 0).record, hash: "0".repeat(64) },
  ];
  for (const probe of cases) {
    const reason = staleProbe(makeReport({ config, trainSize: 200, probe }), subsetOf);
    assert.match(
      reason ?? "",
      /probed other inputs \(seed \d, \d+ of 200 .*\) than this cell draws \(seed 0, 16 of 200/,
    );
  }
});

Deno.test("staleProbe() refuses a record where the cell probes nothing, and never judges a suite without probes", () => {
  const probe = drawProbeSubset(200, 16, 0).record;
  const off = makeReport({ config: { ...config, ntkK: 0 }, trainSize: 200, probe });
  assert.match(
    staleProbe(off, subsetOf) ?? "",
    /records NTK probes .* where this cell probes none/,
  );
  assert.equal(
    staleProbe(makeReport({ config: { ...config, ntkK: 0 }, trainSize: 200 }), subsetOf),
    null,
  );
  assert.equal(staleProbe(makeReport({ config, trainSize: 200 })), null);
  assert.equal(staleProbe(makeReport({ config }), subsetOf), null);
});
