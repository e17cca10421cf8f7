import assert from "node:assert/strict";
import { decayColumns, describeDecay } from "./decay_text.ts";
import { validateReport } from "../spool/validate.ts";

Deno.test("decayColumns() and describeDecay() read a stored run's verdict", async () => {
  const fixture = new URL("../../fixtures/reports/schema1-mlp-mnist.json", import.meta.url);
  const { summary } = validateReport(JSON.parse(await Deno.readTextFile(fixture)));
  const d = summary.decay!;
  assert.deepEqual(decayColumns(summary), {
    model: "undetermined",
    rho: d.rho,
    decades: d.gapDecades,
    lInf: d.lInf,
  });
  assert.match(
    describeDecay(d),
    /^undetermined \(best: geometric, rho 0\.99\d+, 0\.28 decades of gap, epochs 74–200\): geometric beats linear by 4\.6 BIC < 6$/,
  );
  assert.match(
    describeDecay(summary.decayWindow),
    /^linear: slope [\d.e-]+ per epoch, 0\.08 decades of gap, epochs 74–117$/,
  );
  assert.deepEqual(decayColumns(null), { model: null, rho: null, decades: null, lInf: null });
  assert.match(describeDecay(null), /no decay verdict/);
});
