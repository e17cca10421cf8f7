import assert from "node:assert/strict";
import { SUITES } from "../../suites/mod.ts";
import { UsageError } from "../util/usage_error.ts";
import {
  expandNightly,
  NIGHTLY_SEEDS,
  NIGHTLY_SET,
  type NightlyEntry,
  nightlyPointKey,
  selectEntries,
} from "./nightly_set.ts";

const toys = NIGHTLY_SET.filter((e) => e.exact);

function refuses(fn: () => unknown, includes: string): void {
  assert.throws(fn, (e: unknown) => e instanceof UsageError && e.message.includes(includes));
}

Deno.test("the nightly set covers the exact toys and the three trained suites over two seeds", () => {
  const suites = new Set(NIGHTLY_SET.map((e) => e.suite));
  for (
    const name of [
      "lemniscate",
      "semilocal",
      "logistic",
      "mlp-mnist",
      "width-ablation",
      "cnn-cifar5",
    ]
  ) {
    assert.ok(suites.has(name), name);
  }
  assert.ok(NIGHTLY_SEEDS.length >= 2);
  for (const e of NIGHTLY_SET) assert.deepEqual(e.grid.seed, [...NIGHTLY_SEEDS], e.name);
  assert.deepEqual(NIGHTLY_SET.find((e) => e.suite === "width-ablation")?.grid.width, [128, 256]);
  assert.equal(new Set(NIGHTLY_SET.map((e) => e.name)).size, NIGHTLY_SET.length);
});

Deno.test("expandNightly() expands the toys with the sweep's grid expansion, seeds as an axis", () => {
  const plans = expandNightly(toys, SUITES);
  const lemniscate = plans.find((p) => p.entry.name === "lemniscate")!;
  // the suite's own axis (param S/L) times the two seeds
  assert.equal(lemniscate.plan.cells.length, 4);
  const keys = new Set(lemniscate.plan.cells.map((c) => nightlyPointKey(lemniscate, c.config)));
  assert.deepEqual([...keys].sort(), [
    '{"entry":"lemniscate","param":"L"}',
    '{"entry":"lemniscate","param":"S"}',
  ]);
  const semilocal = plans.find((p) => p.entry.name === "semilocal")!;
  assert.deepEqual(semilocal.plan.cells.map((c) => [c.config.a0, c.config.seed]), [
    [1, 0],
    [1, 1],
    [3, 0],
    [3, 1],
  ]);
});

Deno.test("expandNightly() runs only an entry's grid, leaving out the suite's extra cells", () => {
  const [slice] = expandNightly(NIGHTLY_SET.filter((e) => e.suite === "width-ablation"), SUITES);
  assert.deepEqual(slice!.plan.cells.map((c) => [c.config.width, c.config.seed]), [
    [128, 0],
    [128, 1],
    [256, 0],
    [256, 1],
  ]);
});

Deno.test("a --set value reaches every entry whose suite has the key, keeping the point keys", () => {
  const [before] = expandNightly(toys.slice(0, 1), SUITES);
  const [after] = expandNightly(toys.slice(0, 1), SUITES, ["lr=0.002"]);
  assert.ok(after!.plan.cells.every((c) => c.config.lr === 0.002));
  const key = (np: typeof before, i: number) => nightlyPointKey(np!, np!.plan.cells[i]!.config);
  assert.equal(key(after, 0), key(before, 0));
  assert.notEqual(after!.plan.cells[0]!.id, before!.plan.cells[0]!.id);
});

Deno.test("expandNightly() refuses an unregistered suite and a --set key no entry has", () => {
  const ghost: NightlyEntry = {
    name: "g",
    suite: "ghost",
    set: {},
    grid: { seed: [0] },
    exact: false,
  };
  refuses(() => expandNightly([ghost], SUITES), "needs suite 'ghost', which is not registered");
  refuses(
    () => expandNightly(toys, SUITES, ["ntkK=3"]),
    "no suite of the nightly set has key 'ntkK'",
  );
  refuses(() => expandNightly(toys, SUITES, ["lr=-1"]), "lr");
});

Deno.test("selectEntries() keeps entries by entry or suite name and refuses unknown names", () => {
  assert.deepEqual(selectEntries(NIGHTLY_SET, ["mlp-mnist"]).map((e) => e.name), [
    "mlp-mnist-small",
  ]);
  assert.equal(selectEntries(NIGHTLY_SET, []).length, NIGHTLY_SET.length);
  refuses(() => selectEntries(NIGHTLY_SET, ["nope"]), "Invalid --only 'nope'");
});
