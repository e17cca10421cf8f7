/**
 * A night's counts agree with its rows: one verdict per (grid point, metric), counts with only the
 * four verdict kinds; and every stored night can be reached, a page of 200 at a time.
 */
import assert from "node:assert/strict";
import { sampleNight } from "../../src/nightly/test_reports.ts";
import type { NightReport } from "../../src/nightly/night_report.ts";
import { createApp } from "../app.ts";
import { openStore } from "../storage/store.ts";
import { openNightlyStore } from "../storage/nightly_store.ts";

function served() {
  const store = openStore(":memory:");
  const nightly = openNightlyStore(":memory:");
  const app = createApp({ store, nightly, token: "t" });
  const post = (night: unknown) =>
    app.request("/api/nightly", {
      method: "POST",
      headers: { authorization: "Bearer t", "content-type": "application/json" },
      body: JSON.stringify(night),
    });
  return { app, nightly, post, done: () => (store.close(), nightly.close()) };
}

Deno.test("a night repeating a (point, metric) verdict or with an unknown count is refused and nothing is stored", async () => {
  const { app, nightly, post, done } = served();
  const night = sampleNight();
  const verdict = night.verdicts[0]!;
  const copies: NightReport = {
    ...night,
    verdicts: Array.from({ length: 500 }, () => verdict),
    counts: { pass: 0, regressed: 500, improved: 0, new: 0 },
  };
  let res = await post(copies);
  assert.equal(res.status, 422);
  assert.match(
    (await res.json()).error,
    /field 'verdicts\.1' must be a \(point, metric\) pair not judged before \(verdicts\.0 judges lStar/,
  );
  const both: NightReport = {
    ...night,
    verdicts: [verdict, { ...verdict, verdict: "pass" }],
    counts: { pass: 1, regressed: 1, improved: 0, new: 0 },
  };
  res = await post(both);
  assert.equal(res.status, 422);
  assert.match((await res.json()).error, /'verdicts\.1'/);
  res = await post({ ...night, counts: { ...night.counts, bogus: 3 } });
  assert.equal(res.status, 422);
  assert.match((await res.json()).error, /field 'counts\.bogus' must be absent: counts has only/);
  assert.equal(nightly.countNights(), 0);
  assert.equal((await post(night)).status, 200);
  const [stored] = await (await app.request("/api/nightly")).json();
  assert.deepEqual(stored.counts, { pass: 0, regressed: 1, improved: 0, new: 0 });
  done();
});

Deno.test("/nightly and /api/nightly reach every stored night, 200 a page", async () => {
  const { app, nightly, done } = served();
  for (let i = 0; i < 450; i++) {
    const day = new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString();
    nightly.upsertNight({ ...sampleNight(`night-${i}`), startedAt: day, finishedAt: day });
  }
  const first = await (await app.request("/api/nightly")).json();
  assert.equal(first.length, 200);
  assert.equal(first[0].id, "night-449");
  const last = await (await app.request("/api/nightly?limit=1000&offset=400")).json();
  assert.deepEqual(last.map((n: { id: string }) => n.id).at(-1), "night-0");
  assert.equal(last.length, 50);
  const page = await (await app.request("/nightly")).text();
  assert.match(page, /Nights 1 to 200 of 450, newest\s+first/);
  assert.match(page, /href="\/nightly\?offset=200">older nights/);
  const oldest = await (await app.request("/nightly?offset=400")).text();
  assert.match(oldest, /Nights 401 to 450 of 450/);
  assert.match(oldest, /href="\/nightly\?offset=200">newer nights/);
  assert.match(oldest, /night-0/);
  assert.equal((await app.request("/nightly?offset=450")).status, 404);
  assert.equal((await app.request("/api/nightly?limit=1001")).status, 400);
  done();
});
