/**
 * Claims on the dashboard: the Claims panel of a sweep page (`claimsPanel`), `GET /claims` (every
 * suite's claims with the verdicts of its latest sweep, linked to the evidence runs),
 * `GET /api/claims[?sweep=]` (the same as JSON), and `GET /report[?sweep=...]` (the paper
 * reproduction report, the self-contained file `deno task claims --report` writes, here with links
 * to the runs; its embedded scripts are allowed by their hashes). The claims' styles are in the
 * dashboard's style sheet (asset_routes.ts), as pages carry no inline style.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { createHash } from "node:crypto";
import type { SweepClaims } from "../../src/claims/evaluate.ts";
import { verdictCounts } from "../../src/claims/format.ts";
import { PAPER_SUITES } from "../compute/paper_data.ts";
import { storedSweepClaims } from "../storage/claims_cache.ts";
import { storedSweepReports } from "../storage/sweep_reports_cache.ts";
import type { SweepRow } from "../storage/store.ts";
import { claimBlock, verdictBadge } from "./claims_view.ts";
import { type Deps, sweepOr404 } from "./deps.ts";
import { paperReport, reportScripts } from "./paper_report.ts";
import { type Html, html, layout } from "./view.ts";

const runLink = (id: string) => `/runs/${encodeURIComponent(id)}`;

/** The Claims panel of a sweep page: each claim's verdict and folded evidence. */
export function claimsPanel(deps: Deps, sweep: SweepRow): Html {
  const claims = storedSweepClaims(deps.store, deps.claimSuites, sweep.id);
  const head = html`<h2 id="claims">Claims</h2>`;
  if (claims === null) {
    return html`${head}<p class="note">Suite <code>${sweep.suite}</code> states no claims plbench can judge.</p>`;
  }
  const report = (PAPER_SUITES as readonly string[]).includes(sweep.suite)
    ? html`
      · <a href="/report?sweep=${encodeURIComponent(sweep.id)}">paper report</a>
    `
    : "";
  return html`
    ${head}
    <p
      class="note">${verdictCounts(claims)} on ${claims.finished} of ${claims
        .cells} cells with data${claims.notes.map((n) =>
          html`
            · ${n}
          `
        )} · <a href="/claims">every suite's claims</a>${report}</p>
    ${claims.results.map((r) => claimBlock(r, runLink, false))}
  `;
}

/** The latest stored sweep of each suite (sweeps are listed newest first). */
function latestSweeps(deps: Deps): Map<string, SweepRow> {
  const latest = new Map<string, SweepRow>();
  for (const s of deps.store.listSweeps()) if (!latest.has(s.suite)) latest.set(s.suite, s);
  return latest;
}

function claimsPage(deps: Deps): Html {
  const suites = deps.claimSuites;
  const latest = latestSweeps(deps);
  const sections = suites.map((suite) => {
    const sweep = latest.get(suite.name);
    const claims = sweep === undefined ? null : storedSweepClaims(deps.store, suites, sweep.id);
    const where = sweep === undefined
      ? html`<p class="note">No sweep stored yet: <code>deno task sweep --suite ${suite.name}</code>.</p>`
      : html`<p class="note">Latest sweep <a href="/sweeps/${
        encodeURIComponent(sweep.id)
      }#claims">${sweep.id}</a>
 (updated ${sweep.updatedAt.slice(0, 16).replace("T", " ")})${
        claims
          ? html`
            · ${verdictCounts(claims)}
          `
          : ""
      }</p>`;
    const blocks = claims === null
      ? suite.expectations.map((e) =>
        html`
          <div
            class="claim">${verdictBadge("inconclusive")} <b>${e
              .statement}</b> <span class="src">(${e.id} · ${e.source})</span>
          <p class="line">no reports</p></div>
        `
      )
      : claims.results.map((r) => claimBlock(r, runLink, false));
    return html`<section id="suite-${suite.name}"><h2>${suite.name}</h2>${where}${blocks}</section>`;
  });
  return layout(
    "Claims",
    html`<p class="note">Every suite's claims with the verdict on its
 latest sweep; each lists the numbers it compared and links the runs they came from.
 <a href="/report">Paper 004 reproduction report</a>.</p>${sections}`,
    { charts: false },
  );
}

/** The sweeps the report shows: those asked for, else the latest of each paper suite. */
function reportSweeps(deps: Deps, asked: string[]): SweepRow[] {
  if (asked.length > 0) return asked.map((id) => sweepOr404(deps, id));
  const latest = latestSweeps(deps);
  return PAPER_SUITES.flatMap((s) => latest.get(s) ?? []);
}

function sha256Base64(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64");
}

/** Routes of the claims pages, their JSON and the paper report. */
export function claimsRoutes(deps: Deps): Hono {
  const app = new Hono();
  app.get("/claims", (c) => c.html(claimsPage(deps).value));
  app.get("/api/claims", (c) => {
    const suites = deps.claimSuites;
    const id = c.req.query("sweep");
    const ids = id === undefined
      ? [...latestSweeps(deps).values()].map((s) => s.id)
      : [sweepOr404(deps, id).id];
    const sweeps: SweepClaims[] = ids.flatMap((s) =>
      storedSweepClaims(deps.store, suites, s) ?? []
    );
    return c.json({ sweeps });
  });
  app.get("/report", async (c) => {
    const chosen = reportSweeps(deps, c.req.queries("sweep") ?? []);
    const other = chosen.find((s) => !(PAPER_SUITES as readonly string[]).includes(s.suite));
    if (other !== undefined) {
      throw new HTTPException(400, {
        message: `The paper report shows the suites ${PAPER_SUITES.join(", ")}; ` +
          `got a sweep of ${other.suite} ('${other.id}')`,
      });
    }
    const suites = deps.claimSuites;
    const reports = chosen.flatMap((s) => storedSweepReports(deps.store, s.id));
    const sweeps = chosen.flatMap((s) => storedSweepClaims(deps.store, suites, s.id) ?? []);
    const page = paperReport({
      reports,
      sweeps,
      source: `dashboard sweeps ${chosen.map((s) => s.id).join(", ") || "(none stored)"}`,
      generatedAt: new Date().toISOString(),
      ...await reportScripts(),
      runLink,
    });
    const hashes = page.scripts.map((s) => `'sha256-${sha256Base64(s)}'`).join(" ");
    c.header(
      "Content-Security-Policy",
      `default-src 'none'; script-src ${hashes || "'none'"}; style-src 'unsafe-inline'; ` +
        `img-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'`,
    );
    return c.html(page.html);
  });
  return app;
}
