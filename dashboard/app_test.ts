import assert from "node:assert/strict";
import { parse } from "@std/csv/parse";
import { createApp } from "./app.ts";
import { openStore, type Store } from "./storage/store.ts";
import { makeReport } from "../src/testing/report_factory.ts";
import { assertClose } from "../src/testing/assert_close.ts";

const TOKEN = "test-token";

/** Asserts |actual - expected| <= tolerance. */
function setup(options: { maxBodyBytes?: number } = {}) {
  const dir = Deno.makeTempDirSync({ prefix: "plbench-dash-" });
  const store = openStore(`${dir}/test.db`);
  const app = createApp({ store, token: TOKEN, ...options });
  const post = (body: unknown, token: string | null = TOKEN, path = "/api/reports") =>
    app.request(path, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const done = () => {
    store.close();
    Deno.removeSync(dir, { recursive: true });
  };
  return { app, store, post, done };
}

function count(store: Store): number {
  return store.listRuns().length;
}

Deno.test("POST /api/reports stores one report and GET /api/runs/:id returns it whole", async () => {
  const { app, store, post, done } = setup();
  const report = makeReport({ config: { seed: 3 } });
  const res = await post(report);
  assert.deepEqual(res.status, 200);
  assert.deepEqual(await res.json(), { stored: 1, ids: [report.id] });
  assert.deepEqual(count(store), 1);
  const got = await (await app.request(`/api/runs/${report.id}`)).json();
  assert.deepEqual(got, report);
  done();
});

Deno.test("re-ingesting the same reports stores each run once and keeps the newest", async () => {
  const { store, post, done } = setup();
  const batch = [0, 1, 2].map((seed) => makeReport({ config: { seed } }));
  assert.deepEqual((await post(batch)).status, 200);
  assert.deepEqual((await post(batch)).status, 200);
  const changed = { ...batch[0]!, status: "failed" as const, error: "out of memory" };
  assert.deepEqual((await post(changed)).status, 200);
  assert.deepEqual(count(store), 3);
  assert.deepEqual(store.getReport(batch[0]!.id)?.status, "failed");
  assert.deepEqual(store.getSweep("sweep-a")?.counts, { complete: 2, diverged: 0, failed: 1 });
  done();
});

Deno.test("a batch with one bad report is rejected whole with a message naming the field", async () => {
  const { store, post, done } = setup();
  const good = makeReport({ config: { seed: 0 } });
  const bad = makeReport({ config: { seed: 1 } }) as unknown as Record<string, unknown>;
  bad.schema = 99;
  const res = await post([good, bad]);
  assert.deepEqual(res.status, 422);
  assert.match(
    (await res.json()).error,
    /reports\[1\]: .*field 'schema' must be 3 \(or 1 or 2, read and upgraded\), got 99/,
  );
  assert.deepEqual(count(store), 0);
  done();
});

Deno.test("NaN-like values where a number is required are rejected", async () => {
  const { store, post, done } = setup();
  const r = makeReport();
  const asText = JSON.stringify(r).replace('"loss":[1,', '"loss":[1e999,');
  const overflow = await post(asText);
  assert.deepEqual(overflow.status, 422);
  assert.match(
    (await overflow.json()).error,
    /series\.loss\[0\]' must be a finite number, got Infinity/,
  );
  const nullLoss = { ...r, series: { ...r.series, loss: [null, 1, 1, 1, 1] } };
  const res = await post(nullLoss);
  assert.deepEqual(res.status, 422);
  assert.match((await res.json()).error, /series\.loss\[0\]/);
  const literal = await post(JSON.stringify(r).replace('"loss":[1,', '"loss":[NaN,'));
  assert.deepEqual(literal.status, 400);
  assert.match((await literal.json()).error, /not valid JSON/);
  assert.deepEqual(count(store), 0);
  done();
});

Deno.test("writes without the right bearer token get 401 and store nothing", async () => {
  const { store, post, done } = setup();
  const missing = await post(makeReport(), null);
  assert.deepEqual(missing.status, 401);
  assert.match((await missing.json()).error, /Missing 'Authorization: Bearer <token>'/);
  const wrong = await post(makeReport(), "nope");
  assert.deepEqual(wrong.status, 401);
  assert.deepEqual((await wrong.json()).error, "Wrong bearer token");
  const beat = await post(
    { runId: "r", sweepId: "s", epoch: 1, epochs: 2, loss: 1 },
    "nope",
    "/api/heartbeats",
  );
  assert.deepEqual(beat.status, 401);
  assert.deepEqual(count(store), 0);
  done();
});

Deno.test("an oversized body gets 413 and stores nothing", async () => {
  const { store, post, done } = setup({ maxBodyBytes: 2000 });
  const res = await post([makeReport(), makeReport({ config: { seed: 1 } })]);
  assert.deepEqual(res.status, 413);
  assert.match((await res.json()).error, /limit is 2000 bytes/);
  assert.deepEqual(count(store), 0);
  done();
});

/** plMin and finalDrift of two grid points (width 8 and 16), three seeds each. */
const KNOWN = {
  8: { plMin: [0.2, 0.4, 0.9], finalDrift: [1, 2, 4] },
  16: { plMin: [0.5, 0.5, 0.8], finalDrift: [0.25, 0.5, 0.75] },
} as const;

function knownReports() {
  return Object.entries(KNOWN).flatMap(([width, m]) =>
    [0, 1, 2].map((seed) =>
      makeReport({
        grid: { width: [8, 16], seed: [0, 1, 2] },
        cells: 6,
        config: { seed, width: Number(width) },
        summary: { plMin: m.plMin[seed], finalDrift: m.finalDrift[seed] },
      })
    )
  ).concat([
    makeReport({ config: { seed: 3, width: 8 }, status: "diverged", summary: { plMin: 100 } }),
  ]);
}

/** Mean and sample std by the sum-of-squares formula (independent of the code under test). */
function reference(xs: readonly number[]) {
  const n = xs.length;
  const sum = xs.reduce((a, b) => a + b, 0);
  const sumSq = xs.reduce((a, b) => a + b * b, 0);
  return { mean: sum / n, std: Math.sqrt((sumSq - sum * sum / n) / (n - 1)) };
}

Deno.test("GET /api/table aggregates known reports to the right means and stds", async () => {
  const { app, post, done } = setup();
  assert.deepEqual((await post(knownReports())).status, 200);
  const body = await (await app.request("/api/table?suite=toy")).json();
  assert.deepEqual(body.axes, ["width"]);
  assert.deepEqual(body.rows.length, 2);
  for (const row of body.rows) {
    const known = KNOWN[row.config.width as 8 | 16];
    assert.deepEqual(row.seeds, [0, 1, 2]);
    assert.deepEqual("seed" in row.config, false);
    for (const metric of ["plMin", "finalDrift"] as const) {
      const ref = reference(known[metric]);
      const got = row.metrics[metric];
      assertClose(got.mean, ref.mean, 1e-12);
      assertClose(got.std, ref.std, 1e-12);
      assert.deepEqual(got.min, Math.min(...known[metric]));
      assert.deepEqual(got.max, Math.max(...known[metric]));
    }
  }
  assert.deepEqual(body.rows[0].counts, { complete: 3, diverged: 1, failed: 0 });
  done();
});

Deno.test("the table exports as CSV with the same statistics", async () => {
  const { app, post, done } = setup();
  await post(knownReports());
  const res = await app.request("/api/table.csv?sweep=sweep-a&metrics=plMin,finalDrift");
  assert.deepEqual(res.status, 200);
  const rows = parse(await res.text(), { skipFirstRow: true }) as Record<string, string>[];
  assert.deepEqual(rows.length, 2);
  const w8 = rows.find((r) => r.width === "8")!;
  const ref = reference(KNOWN[8].plMin);
  assertClose(Number(w8.plMin_mean), ref.mean, 1e-12);
  assertClose(Number(w8.plMin_std), ref.std, 1e-12);
  assert.deepEqual(w8.seeds, "3");
  assert.deepEqual(w8.seed_list, "0 1 2");
  assert.deepEqual(w8.finalDrift_max, "4");
  done();
});

Deno.test("the table exports as a LaTeX booktabs tabular", async () => {
  const { app, post, done } = setup();
  await post(knownReports());
  const res = await app.request("/api/table.tex?sweep=sweep-a&metrics=plMin,finalDrift");
  const tex = await res.text();
  const lines = tex.trim().split("\n");
  assert.deepEqual(lines[0], "\\begin{tabular}{lrrr}");
  assert.deepEqual(lines[1], "\\toprule");
  assert.deepEqual(lines[2], "width & n & plMin & finalDrift \\\\");
  assert.deepEqual(lines[3], "\\midrule");
  // width 8: plMin mean 0.5, std sqrt(0.13) = 0.3606; finalDrift mean 7/3, std sqrt(7/3) = 1.528
  assert.deepEqual(lines[4], "$8$ & 3 & $0.5 \\pm 0.361$ & $2.33 \\pm 1.53$ \\\\");
  assert.deepEqual(lines.at(-2), "\\bottomrule");
  assert.deepEqual(lines.at(-1), "\\end{tabular}");
  const unknown = await app.request("/api/table.tex?sweep=sweep-a&metrics=nope");
  assert.deepEqual(unknown.status, 400);
  assert.match((await unknown.json()).error, /Unknown metric 'nope'/);
  done();
});

Deno.test("a run's series exports as CSV, one row per epoch", async () => {
  const { app, post, done } = setup();
  const r = makeReport();
  await post(r);
  const rows = parse(await (await app.request(`/api/runs/${r.id}/series.csv`)).text(), {
    skipFirstRow: true,
  }) as Record<string, string>[];
  assert.deepEqual(rows.length, r.series.epoch.length);
  assert.deepEqual(rows.map((x) => Number(x.loss)), r.series.loss);
  assert.deepEqual(Number(rows[2]!.grad_norm_sq), r.series.gradNormSq[2]);
  done();
});

Deno.test("GET /api/runs filters by suite and status and rejects an unknown status", async () => {
  const { app, post, done } = setup();
  await post(knownReports());
  await post(makeReport({ suite: "other" }));
  const all = await (await app.request("/api/runs?suite=toy")).json();
  assert.deepEqual(all.runs.length, 7);
  const item = all.runs[0];
  for (const key of ["id", "suite", "config", "status", "summary"]) assert.ok(key in item, key);
  const diverged = await (await app.request("/api/runs?suite=toy&status=diverged")).json();
  assert.deepEqual(diverged.runs.map((i: { config: { seed: number } }) => i.config.seed), [3]);
  const bad = await app.request("/api/runs?status=done");
  assert.deepEqual(bad.status, 400);
  assert.match(
    (await bad.json()).error,
    /'status' must be one of complete, diverged, failed, got 'done'/,
  );
  done();
});

Deno.test("pages escape user strings", async () => {
  const { app, post, done } = setup();
  const evil = "<script>alert(1)</script>";
  const r = makeReport({ sweepId: evil });
  r.notes = [evil];
  await post(r);
  for (const path of ["/", `/sweeps/${encodeURIComponent(evil)}`, `/runs/${r.id}`]) {
    const text = await (await app.request(path)).text();
    assert.deepEqual(text.includes(evil), false, path);
    assert.ok(text.includes("&#60;script&#62;alert(1)&#60;/script&#62;"), path);
  }
  done();
});

Deno.test("unknown sweeps, runs and grid points get 404 with a message", async () => {
  const { app, done } = setup();
  const res = await app.request("/api/runs/abc");
  assert.deepEqual(res.status, 404);
  assert.deepEqual((await res.json()).error, "No run with id 'abc'");
  assert.deepEqual((await app.request("/sweeps/none/table")).status, 404);
  assert.deepEqual((await app.request("/api/envelope?sweep=none&point=x")).status, 404);
  done();
});

Deno.test("the envelope, compare and heatmap APIs answer what their pages show", async () => {
  const { app, post, done } = setup();
  await post(knownReports());
  const sweep = await (await app.request("/api/sweeps/sweep-a")).json();
  assert.deepEqual(sweep.sweep.counts, { complete: 6, diverged: 1, failed: 0 });
  const points = sweep.points as { pointId: string; config: { width: number } }[];
  assert.deepEqual(points.map((p) => p.config.width), [8, 16]);
  const env = await (await app.request(
    `/api/envelope?sweep=sweep-a&point=${points[0]!.pointId}`,
  )).json();
  assert.deepEqual(env.seeds, [0, 1, 2]);
  assert.deepEqual(env.excluded.map((e: { status: string }) => e.status), ["diverged"]);
  assert.equal(env.gap.scale, "log");
  assert.equal(env.reference, "final");
  // L* = 0: the gap is the loss itself
  const zero = await (await app.request(
    `/api/envelope?sweep=sweep-a&point=${points[0]!.pointId}&lstar=zero`,
  )).json();
  assert.deepEqual(zero.gap.perSeed[0].y, [1, 0.5, 0.25, 0.125, 0.0625]);
  assert.equal(zero.reference, "zero");
  const wrong = await app.request(
    `/api/envelope?sweep=sweep-a&point=${points[0]!.pointId}&lstar=median`,
  );
  assert.equal(wrong.status, 400);
  assert.match((await wrong.json()).error, /'lstar' must be one of final, fit, zero, got 'median'/);
  const compare = await (await app.request(
    `/api/compare?sweep=sweep-a&point=${points[0]!.pointId}&point=${points[1]!.pointId}`,
  )).json();
  assert.deepEqual(compare.items.map((i: { label: string }) => i.label), ["width=8", "width=16"]);
  const noPoint = await app.request("/api/compare?sweep=sweep-a");
  assert.equal(noPoint.status, 400);
  assert.match((await noPoint.json()).error, /Choose at least one grid point/);
  const map = await (await app.request("/api/heatmap?sweep=sweep-a&metric=plMin&x=width&y=width"))
    .json();
  assert.deepEqual(map.xValues, [8, 16]);
  assertClose(map.cells[0][0].mean, reference(KNOWN[8].plMin).mean, 1e-12);
  const bad = await app.request("/api/heatmap?sweep=sweep-a&metric=nope");
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error, /'metric' must be one of .*got 'nope'/);
  done();
});

Deno.test("table pages, exports and the sweep page are built again after each write", async () => {
  const { app, post, done } = setup();
  const grid = { width: [8, 16, 32], seed: [0] };
  await post(makeReport({ grid, config: { width: 8 } }));
  const pages = ["/sweeps/sweep-a", "/sweeps/sweep-a/table", "/api/table.csv?sweep=sweep-a"];
  pages.push("/api/table.tex?sweep=sweep-a", "/api/table?sweep=sweep-a");
  const rows = async (path: string) => {
    const text = await (await app.request(path)).text();
    return (text.match(/\b16\b/g) ?? []).length;
  };
  const before = await Promise.all(pages.map(rows));
  assert.deepEqual(await Promise.all(pages.map(rows)), before, "the same answer twice");
  await post(makeReport({ grid, config: { width: 16 } }));
  const after = await Promise.all(pages.map(rows));
  pages.forEach((page, i) => assert.ok(after[i]! > before[i]!, `${page} shows the new point`));
  done();
});
