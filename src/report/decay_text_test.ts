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
    /^undetermined \(best: linear, slope 0\.0015\d+ per epoch, 0\.39 decades resolved, epochs 4–200\): too short to tell: 0\.39 decades of linear decline resolved above the noise < 1$/,
  );
  assert.match(
    describeDecay(summary.decayWindow),
    /^undetermined \(best: linear, slope [\d.e-]+ per epoch, 0\.08 decades resolved, epochs 74–117\): too short to tell/,
  );
  const geometric = { ...d, model: "geometric" as const, best: "geometric" as const, reason: null };
  assert.match(describeDecay(geometric), /^geometric \(steady rate\): rho /);
  assert.deepEqual(decayColumns(null), { model: null, rho: null, decades: null, lInf: null });
  assert.match(describeDecay(null), /no decay verdict/);
});
