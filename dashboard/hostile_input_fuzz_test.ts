/**
 * Property-based fuzz test of everything the dashboard stores, on a real SQLite file: 1,200 seeded
 * write requests (valid reports, batches, nights and heartbeats, and mutations of each of their
 * fields; see testing/hostile_requests.ts) against a dashboard served without a token. Every
 * answer must be 2xx or 4xx; after each refused request every table of the database must be
 * byte-for-byte what it was (a SHA-256 over every row of every table); after the run, every page
 * and export reachable from the sweeps list and the Nightly page (every link followed, and a
 * comparison of each sweep's grid points) must answer 200. Set PLBENCH_FUZZ_SEED to replay
 * another seed.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { DatabaseSync } from "node:sqlite";
import { createApp } from "./app.ts";
import { openStore } from "./storage/store.ts";
import { openNightlyStore } from "./storage/nightly_store.ts";
import type { Report } from "../src/report/schema.ts";
import {
  Dice,
  fieldPaths,
  jsonText,
  mutate,
  validHeartbeat,
  validNight,
  validReport,
} from "./testing/hostile_requests.ts";
import { MAX_COMPARE_POINTS } from "./routes/compare_routes.ts";
import { SUITES } from "../suites/mod.ts";

const REQUESTS = 1200;
const SEED = Number(Deno.env.get("PLBENCH_FUZZ_SEED") ?? 20261202);
const HOST = "127.0.0.1:8080";

/** SHA-256 over every row of every table, in rowid order. */
function checksum(db: DatabaseSync): string {
  const hash = createHash("sha256");
  const tables = db.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
  ).all() as { name: string }[];
  for (const { name } of tables) {
    hash.update(`\u0000table ${name}\u0000`);
    for (const row of db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).iterate()) {
      hash.update(JSON.stringify(Object.values(row as Record<string, unknown>)));
    }
  }
  return hash.digest("hex");
}

type Kind = "report" | "batch" | "night" | "heartbeat" | "not json" | "text/plain";

Deno.test("fuzz: hostile writes answer 2xx or 4xx, refused ones change nothing, and every page of what was stored answers 200", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "plbench-fuzz-" });
  const path = `${dir}/fuzz.db`;
  const store = openStore(path);
  const nightly = openNightlyStore(path);
  const app = createApp({ store, nightly, token: null, claimSuites: SUITES });
  const reader = new DatabaseSync(path, { readOnly: true });
  const dice = new Dice(SEED);
  const request = (url: string, init: RequestInit = {}) =>
    app.request(`http://${HOST}${url}`, {
      ...init,
      headers: { host: HOST, ...(init.headers as Record<string, string> | undefined) },
    });
  const statuses = new Map<string, number>();
  const tally = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
  const mutatedFields = new Map<Kind, Map<string, number>>();
  const name = (p: (string | number)[]) => p.filter((k) => typeof k === "string").join(".");
  const stored: Report[] = [];
  let before = checksum(reader);
  try {
    for (let i = 0; i < REQUESTS; i++) {
      const roll = dice.next();
      const kind: Kind = roll < 0.45
        ? "report"
        : roll < 0.55
        ? "batch"
        : roll < 0.75
        ? "night"
        : roll < 0.95
        ? "heartbeat"
        : roll < 0.98
        ? "not json"
        : "text/plain";
      let value: unknown = kind === "report" || kind === "text/plain"
        ? validReport(dice)
        : kind === "batch"
        ? Array.from({ length: 2 + dice.int(3) }, () => validReport(dice))
        : kind === "night"
        ? validNight(dice, stored)
        : kind === "heartbeat"
        ? validHeartbeat(dice)
        : null;
      if (kind !== "not json" && kind !== "text/plain" && dice.chance(0.7)) {
        // The field mutated least often so far (of this kind of request), so every field is.
        const counts = mutatedFields.get(kind) ?? new Map<string, number>();
        mutatedFields.set(kind, counts);
        const fields = fieldPaths(value);
        const least = Math.min(...fields.map((f) => counts.get(name(f)) ?? 0));
        const field = dice.pick(fields.filter((f) => (counts.get(name(f)) ?? 0) === least));
        value = mutate(dice, value, field);
        counts.set(name(field), least + 1);
      }
      const url = kind === "night"
        ? "/api/nightly"
        : kind === "heartbeat"
        ? "/api/heartbeats"
        : "/api/reports";
      const body = kind === "not json"
        ? jsonText(validReport(dice)).slice(0, 50 + dice.int(500))
        : jsonText(value);
      const res = await request(url, {
        method: "POST",
        headers: { "content-type": kind === "text/plain" ? "text/plain" : "application/json" },
        body,
      });
      const text = await res.text();
      tally(`${kind} ${res.status}`);
      assert.ok(
        (res.status >= 200 && res.status < 300) || (res.status >= 400 && res.status < 500),
        `request ${i} (${kind}) answered ${res.status}: ${text.slice(0, 300)}`,
      );
      const after = checksum(reader);
      if (res.status >= 400) {
        assert.equal(after, before, `request ${i} (${kind}) was refused but changed the database`);
        assert.match(JSON.parse(text).error, /\S/);
      } else if (kind === "report" || kind === "batch") {
        stored.push(...[value as Report].flat());
      }
      before = after;
    }

    // Every field of every kind of request was mutated somewhere in the run.
    const samples: [Kind, unknown][] = [
      ["report", validReport(new Dice(1))],
      ["night", validNight(new Dice(1), [])],
      ["heartbeat", validHeartbeat(new Dice(1))],
    ];
    for (const [kind, sample] of samples) {
      for (const field of fieldPaths(sample).map(name)) {
        assert.ok(mutatedFields.get(kind)?.has(field), `${kind} field '${field}' never mutated`);
      }
    }

    // Every page and export reachable from the sweeps list and the Nightly page answers 200.
    const sweeps = (await (await request("/api/sweeps")).json()).sweeps as { id: string }[];
    assert.ok(sweeps.length >= 3, `only ${sweeps.length} sweeps stored`);
    const queue = ["/", "/nightly", "/api/runs?limit=10000", "/api/sweeps", "/api/nightly"];
    for (const s of sweeps) {
      const points = (await (await request(`/api/sweeps/${encodeURIComponent(s.id)}`)).json())
        .points as { pointId: string }[];
      const chosen = points.slice(0, MAX_COMPARE_POINTS).map((p) => `point=${p.pointId}`);
      const sweep = encodeURIComponent(s.id);
      if (chosen.length > 0) {
        queue.push(`/sweeps/${sweep}/compare?${chosen.join("&")}`);
        queue.push(`/api/compare?sweep=${sweep}&${chosen.join("&")}`);
      }
      queue.push(`/api/table.csv?sweep=${sweep}`, `/api/table.tex?sweep=${sweep}`);
      // The heatmap of every metric, and over every pair of axes, where the sweep links one.
      const table = await (await request(`/api/table?sweep=${sweep}`)).json();
      if (table.metrics.length > 0 && table.axes.length > 0) {
        for (const metric of table.metrics) {
          queue.push(`/sweeps/${sweep}/heatmap?metric=${encodeURIComponent(metric)}`);
        }
        for (const x of table.axes) {
          for (const y of table.axes) {
            const q = `x=${encodeURIComponent(x)}&y=${encodeURIComponent(y)}`;
            queue.push(`/sweeps/${sweep}/heatmap?${q}`, `/api/heatmap?sweep=${sweep}&${q}`);
          }
        }
      }
      queue.push(`/api/table?suite=${encodeURIComponent(table.rows[0]?.config.suite ?? "toy")}`);
    }
    const seen = new Set<string>();
    let pages = 0;
    while (queue.length > 0) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const res = await request(url);
      const text = await res.text();
      assert.equal(res.status, 200, `GET ${url}: ${text.slice(0, 300)}`);
      pages++;
      if (!(res.headers.get("content-type") ?? "").includes("text/html")) continue;
      for (const [, href] of text.matchAll(/href="(\/[^"]*)"/g)) {
        const link = href!.replaceAll("&#38;", "&").replaceAll("&amp;", "&");
        if (!link.startsWith("/static/") && !seen.has(link)) queue.push(link);
      }
    }
    const runs = stored.length;
    console.log(
      `fuzz seed ${SEED}: ${REQUESTS} requests; ${runs} reports accepted; ` +
        `answers ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ${pages} pages ` +
        `and exports answered 200; distinct fields mutated: ${
          [...mutatedFields].map(([kind, fields]) => `${kind} ${fields.size}`).join(", ")
        }`,
    );
    assert.ok(pages > 200, `only ${pages} pages crawled`);
    const refused = [...statuses].filter(([k]) => / 4\d\d$/.test(k)).reduce((n, [, c]) => n + c, 0);
    assert.ok(refused > 300 && refused < REQUESTS - 300, `${refused} of ${REQUESTS} refused`);
  } finally {
    reader.close();
    store.close();
    nightly.close();
    Deno.removeSync(dir, { recursive: true });
  }
});
