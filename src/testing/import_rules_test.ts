import assert from "node:assert/strict";
import { moduleImports } from "./module_imports.ts";
import {
  folderCycles,
  folderOf,
  isTestCode,
  type ModuleNode,
  readModules,
  ruleBreaches,
} from "./import_rules.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** A module graph from (path, source text) pairs. */
function graph(files: Record<string, string>): ModuleNode[] {
  return Object.entries(files).map(([path, text]) => ({ path, imports: moduleImports(text) }));
}

Deno.test("moduleImports() reads static, type, dynamic, computed and URL references with their lines", () => {
  const text = [
    'import { a } from "./a.ts";',
    "import type {",
    "  B,",
    '} from "../b.ts";',
    '// import { c } from "./commented.ts";',
    'export { d } from "./d.ts";',
    'const e = await import("./e.ts");',
    "const f = await import(spec.module);",
    'const g = new URL("../../g.ts", import.meta.url);',
    'const h = "not an import from \\"./h.ts\\"";',
    'import "./side_effect.ts";',
  ].join("\n");
  assert.deepEqual(moduleImports(text), [
    { specifier: "./a.ts", line: 1, kind: "static" },
    { specifier: "../b.ts", line: 2, kind: "type" },
    { specifier: "./d.ts", line: 6, kind: "static" },
    { specifier: "./e.ts", line: 7, kind: "dynamic" },
    { specifier: "spec.module", line: 8, kind: "computed" },
    { specifier: "../../g.ts", line: 9, kind: "url" },
    { specifier: "./side_effect.ts", line: 11, kind: "static" },
  ]);
});

Deno.test("ruleBreaches() names the file, line and rule of each upward import", () => {
  const nodes = graph({
    "main.ts": 'import { SUITES } from "./suites/mod.ts";\nimport { x } from "./src/cli/x.ts";',
    "src/cli/x.ts": 'import { y } from "../util/y.ts";',
    "src/nightly/n.ts": '\nimport { SUITES } from "../../suites/mod.ts";',
    "src/nightly/s.ts": 'const m = new URL("../../main.ts", import.meta.url);',
    "src/report/r.ts": 'import { summarize } from "../analysis/summarize.ts";',
    "src/util/y.ts": 'import { Report } from "../report/schema.ts";',
    "src/sweep/w.ts": "const { SUITES } = await import(spec.suitesModule);",
    "dashboard/routes/p.ts": 'import type { I } from "../../src/cli/claims.ts";',
    "dashboard/compute/c.ts": 'import { store } from "../storage/store.ts";',
    "src/claims/t.ts": 'import { f } from "../testing/report_factory.ts";',
    "src/cli/x_test.ts": 'import { SUITES } from "../../suites/mod.ts";',
    "suites/mod.ts": 'import { openStore } from "../dashboard/storage/store.ts";',
  });
  const found = ruleBreaches(nodes).map((b) => `${b.file}:${b.line} -> ${b.target}`).sort();
  assert.deepEqual(found, [
    "dashboard/compute/c.ts:1 -> dashboard/storage/store.ts",
    "dashboard/routes/p.ts:1 -> src/cli/claims.ts",
    "dashboard/routes/p.ts:1 -> src/cli/claims.ts",
    "src/claims/t.ts:1 -> src/testing/report_factory.ts",
    "src/nightly/n.ts:2 -> suites/mod.ts",
    "src/nightly/s.ts:1 -> main.ts",
    "src/report/r.ts:1 -> src/analysis/summarize.ts",
    "src/sweep/w.ts:1 -> import(spec.suitesModule)",
    "src/util/y.ts:1 -> src/report/schema.ts",
    "suites/mod.ts:1 -> dashboard/storage/store.ts",
  ]);
  const rules = new Set(ruleBreaches(nodes).map((b) => b.rule));
  assert.ok(rules.has("src/ imports neither suites/ nor dashboard/"));
  assert.ok(rules.has("src/cli/ (the commands) is imported by main.ts only"));
});

Deno.test("folderCycles() finds folders that import each other, through type imports too, not through tests", () => {
  const nodes = graph({
    "src/report/a.ts": 'import type { S } from "../config/suite.ts";',
    "src/config/suite.ts": 'import type { R } from "../report/a.ts";',
    "src/sweep/b.ts": 'import { a } from "../report/a.ts";',
    "src/report/a_test.ts": 'import { b } from "../sweep/b.ts";',
  });
  const cycles = folderCycles(nodes);
  assert.equal(cycles.length, 1);
  assert.deepEqual(cycles[0]!.folders, ["src/config", "src/report"]);
  assert.deepEqual(
    cycles[0]!.edges.map((e) => `${e.from} -> ${e.to} (${e.file}:${e.line})`).sort(),
    [
      "src/config -> src/report (src/config/suite.ts:1)",
      "src/report -> src/config (src/report/a.ts:1)",
    ],
  );
  assert.deepEqual(folderCycles(nodes.filter((n) => n.path !== "src/config/suite.ts")), []);
});

Deno.test("folderOf() and isTestCode() classify modules as the rules read them", () => {
  assert.equal(folderOf("main.ts"), "main");
  assert.equal(folderOf("suites/mlp_mnist.ts"), "suites");
  assert.equal(folderOf("src/claims/checks/decay_check.ts"), "src/claims");
  assert.equal(folderOf("dashboard/app.ts"), "dashboard");
  assert.equal(folderOf("dashboard/routes/view.ts"), "dashboard/routes");
  assert.ok(isTestCode("src/sweep/pool_test.ts"));
  assert.ok(isTestCode("src/ntk/ntk_bench.ts"));
  assert.ok(isTestCode("src/sweep/testdata/fake_suites.ts"));
  assert.ok(isTestCode("dashboard/testing/chromium.ts"));
  assert.ok(isTestCode("dashboard/load/query_load.ts"));
  assert.ok(!isTestCode("src/sweep/pool.ts"));
});

Deno.test("plbench's own modules keep the layers: no upward import, no folder cycle", async () => {
  const nodes = await readModules(ROOT);
  assert.ok(nodes.length > 300, `read only ${nodes.length} modules`);
  const breaches = ruleBreaches(nodes).map((b) =>
    `${b.file}:${b.line} imports ${b.target} (${b.rule})`
  );
  assert.deepEqual(breaches, []);
  const cycles = folderCycles(nodes).map((c) =>
    `${c.folders.join(" <-> ")}: ${c.edges.map((e) => `${e.file}:${e.line}`).join(", ")}`
  );
  assert.deepEqual(cycles, []);
});
