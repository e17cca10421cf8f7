import assert from "node:assert/strict";
import { expandGrid } from "./grid.ts";
import { cellId } from "./plan.ts";
import { canonicalJson, sha256Hex } from "../util/hash.ts";
import { UsageError } from "../util/usage_error.ts";
import { fakeLeastSquares as suite } from "./testdata/fake_suites.ts";

Deno.test("expandGrid() gives the same ordered cells and ids on every call", () => {
  const a = expandGrid(suite, ["epochs=3"], ["seed=0,1"]);
  const b = expandGrid(suite, ["epochs=3"], ["seed=0,1"]);
  assert.deepEqual(a, b);
  assert.deepEqual(a.cells.length, 2 * 2 * 2);
  assert.deepEqual(
    a.cells.map((c) => [c.config.width, c.config.lr, c.config.seed]),
    [[4, 0.1, 0], [4, 0.1, 1], [4, 0.5, 0], [4, 0.5, 1], [8, 0.1, 0], [8, 0.1, 1], [8, 0.5, 0], [
      8,
      0.5,
      1,
    ]],
  );
  assert.deepEqual(a.cells.map((c) => c.index), [0, 1, 2, 3, 4, 5, 6, 7]);
});

Deno.test("a cell id is the SHA-256 of the canonical config with sorted keys", () => {
  const plan = expandGrid(suite, [], []);
  const cell = plan.cells[0]!;
  const reordered = Object.fromEntries(Object.entries(cell.config).reverse());
  assert.deepEqual(canonicalJson(reordered), canonicalJson(cell.config));
  assert.deepEqual(cell.id, sha256Hex(canonicalJson(cell.config)).slice(0, 20));
  assert.ok(/^[0-9a-f]{20}$/.test(cell.id));
  assert.deepEqual(new Set(plan.cells.map((c) => c.id)).size, plan.cells.length);
});

Deno.test("a cell's id does not depend on the grid it came from", () => {
  const wide = expandGrid(suite, [], ["width=4,8,16"]);
  const narrow = expandGrid(suite, ["width=8"], []);
  const fromWide = wide.cells.find((c) => c.config.width === 8 && c.config.lr === 0.1)!;
  const fromNarrow = narrow.cells.find((c) => c.config.lr === 0.1)!;
  assert.deepEqual(fromWide.id, fromNarrow.id);
  assert.notDeepEqual(wide.sweepId, narrow.sweepId);
  assert.deepEqual(cellId({ ...fromWide.config, seed: 1 }) === fromWide.id, false);
});

Deno.test("--grid replaces a suite axis, --set fixes a key and removes its axis", () => {
  const plan = expandGrid(suite, ["width=16"], ["lr=0.2,0.3,0.4"]);
  assert.deepEqual(plan.axes, { lr: [0.2, 0.3, 0.4] });
  assert.ok(plan.cells.every((c) => c.config.width === 16 && c.config.suite === "fake-lsq"));
});

Deno.test("expandGrid() refuses unknown keys, bad values, empty axes, duplicates and windows past the epochs", () => {
  const cases: [string[], string[], RegExp][] = [
    [["depth=3"], [], /Unknown key 'depth' for suite 'fake-lsq'/],
    [["width=0"], [], /Invalid value for width: expected a whole number >= 1, got '0'/],
    [["lr=-0.1"], [], /Invalid value for lr: expected a number > 0, got '-0.1'/],
    [["lr=fast"], [], /Invalid value for lr: expected a number > 0, got 'fast'/],
    [[], ["width="], /Grid with no cells/],
    [[], ["lr=0.1,0.10"], /lists the value 0.1 twice/],
    [["width=8"], ["width=4,8"], /both by --set and --grid/],
    [["width"], [], /expected key=value/],
    [["suite=x"], [], /use --suite NAME/],
    [[], ["crash=none,boom"], /expected one of none, throw, exit, atexit, got 'boom'/],
    [
      ["window=5:2"],
      [],
      /Invalid window: expected a < b <= 5 \(the last epoch\), got '5:2' \(epochs=5\)/,
    ],
    [["window=1:9", "epochs=8"], [], /got '1:9' \(epochs=8\)/],
    [["window=1:6"], ["epochs=8,4"], /expected a < b <= 4 .*got '1:6' \(epochs=4\)/],
  ];
  for (const [sets, grids, message] of cases) {
    assert.throws(() => expandGrid(suite, sets, grids), (e: unknown) => {
      assert.ok(e instanceof UsageError && message.test(e.message), `${e} !~ ${message}`);
      return true;
    });
  }
  assert.equal(expandGrid(suite, ["window=0:5"], []).cells[0]!.config.window, "0:5");
});

Deno.test("a cell id matches sha256sum of the canonical config text written out by hand", async () => {
  const plan = expandGrid(suite, ["width=8", "lr=0.25", "epochs=3"], []);
  const cell = plan.cells[0]!;
  const byHand = '{"crash":"none","epochs":3,"lr":0.25,"seed":0,"sleepMs":0,"suite":"fake-lsq",' +
    '"trainSize":16,"width":8,"window":"auto"}';
  assert.equal(canonicalJson(cell.config), byHand);
  const child = new Deno.Command("sha256sum", { stdin: "piped", stdout: "piped" }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(byHand));
  await writer.close();
  const digest = new TextDecoder().decode((await child.output()).stdout).split(" ")[0]!;
  assert.equal(cell.id, digest.slice(0, 20));
});

Deno.test("expandGrid() runs a suite's extra cells after the product and drops one equal to a grid cell", () => {
  const withExtras = {
    ...suite,
    cells: [{ width: 16, lr: 0.05 }, { width: 4, lr: 0.1 }],
  };
  const plain = expandGrid(suite, ["epochs=3"], ["seed=0"]);
  const plan = expandGrid(withExtras, ["epochs=3"], ["seed=0"]);
  assert.deepEqual(plan.cells.length, plain.cells.length + 1);
  const last = plan.cells[plan.cells.length - 1]!;
  assert.deepEqual([last.config.width, last.config.lr, last.config.epochs], [16, 0.05, 3]);
  assert.deepEqual(last.index, plan.cells.length - 1);
  assert.notDeepEqual(plan.sweepId, plain.sweepId);
});

Deno.test("expandGrid() gives other ids to the same cell on data from a folder", () => {
  const bundled = expandGrid(suite, [], []);
  const fromFolder = expandGrid(suite, [], [], "/data/mnist");
  assert.deepEqual(fromFolder.cells[0]!.config.dataDir, "/data/mnist");
  assert.notDeepEqual(fromFolder.cells[0]!.id, bundled.cells[0]!.id);
  assert.deepEqual(bundled.cells[0]!.config.dataDir, undefined);
});
