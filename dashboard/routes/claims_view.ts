/**
 * How a judged claim looks, on the dashboard's pages and in the paper report: its verdict, the
 * statement and source, the one line of evidence, and (open or folded) the rule, the thresholds
 * with their reasons, the numbers compared with the runs they came from, and what is missing.
 */
import type { ClaimResult, ClaimVerdict, Measured } from "../../src/claims/claim.ts";
import { fmt, type Html, html } from "./view.ts";

/** CSS of claim blocks (included by the pages and the report that show claims). */
export const CLAIM_STYLE = `
.claim{border:1px solid #d6dae1;border-left:6px solid #9ca3af;background:#fff;border-radius:4px;
padding:6px 10px;margin:8px 0;break-inside:avoid}
.claim.v-holds{border-left-color:#16a34a}.claim.v-fails{border-left-color:#dc2626}
.claim.v-inconclusive{border-left-color:#f59e0b}
.verdict{display:inline-block;font-weight:700;font-size:12px;padding:1px 6px;border-radius:3px;color:#fff;background:#6b7280}
.verdict.v-holds{background:#16a34a}.verdict.v-fails{background:#dc2626}.verdict.v-inconclusive{background:#b45309}
.claim .src{color:#6b7280;font-size:12px}.claim .line{margin:4px 0;font-size:13px}
.claim table{font-size:12px}.claim td.why{white-space:normal;max-width:560px;text-align:left}
`;

/** A run id as a link to its page, or as text where there is no page (the offline report). */
export type RunLink = ((id: string) => string) | null;

/** The verdict badge. */
export function verdictBadge(v: ClaimVerdict): Html {
  return html`<span class="verdict v-${v}">${v}</span>`;
}

function runList(runs: readonly string[], link: RunLink): Html {
  return html`${
    runs.map((id, i) =>
      html`${i > 0 ? ", " : ""}${
        link === null
          ? html`<code>${id.slice(0, 10)}</code>`
          : html`<a href="${link(id)}">${id.slice(0, 10)}</a>`
      }`
    )
  }`;
}

function valueText(v: Measured["value"]): string {
  return typeof v === "number" ? fmt(v) : v === null ? "–" : String(v);
}

/** The evidence of a claim in full: rule, thresholds, measured values with their runs, missing. */
export function evidenceDetails(r: ClaimResult, link: RunLink): Html {
  return html`
    <p class="note"><b>Rule:</b> ${r.rule || "–"}</p>
    ${r.thresholds.length === 0
      ? ""
      : html`<table><tr><th class="k">threshold</th><th class="k">value</th><th class="k">why</th></tr>${
        r.thresholds.map((t) =>
          html`
            <tr>
              <td class="k">${t.what}</td>
              <td class="k">${String(t.value)}</td>
              <td class="why">${t.why}</td>
            </tr>
          `
        )
      }</table>`}
    ${r.measured.length === 0
      ? ""
      : html`<table><tr><th class="k">measured</th><th class="k">at</th><th>value</th><th class="k">runs</th></tr>${
        r.measured.map((m) =>
          html`
            <tr>
              <td class="k">${m.what}</td>
              <td class="k">${m.at}</td>
              <td>${valueText(m.value)}</td>
              <td class="k">${runList(m.runs, link)}</td>
            </tr>
          `
        )
      }</table>`}
    ${r.missing.length === 0
      ? ""
      : html`<p class="note"><b>Missing:</b> ${r.missing.join("; ")}</p>`}
  `;
}

/**
 * A claim block; `open` shows the whole evidence (the printable report), otherwise it is folded
 * under a summary line (the dashboard).
 */
export function claimBlock(r: ClaimResult, link: RunLink, open: boolean): Html {
  const head = html`${
    verdictBadge(r.verdict)
  } <b>${r.statement}</b> <span class="src">(${r.suite} · ${r.id} ·
    ${r.source})</span>`;
  const details = evidenceDetails(r, link);
  return html`<div class="claim v-${r.verdict}" id="claim-${r.suite}-${r.id}">${head}
    <p class="line">${r.line}</p>${
    open
      ? details
      : html`<details><summary>evidence: rule, thresholds, values and runs</summary>${details}</details>`
  }</div>`;
}
