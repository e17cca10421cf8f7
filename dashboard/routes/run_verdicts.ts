/**
 * The verdicts of a run's page: the decay selection, the PL verdict along the run and the PL minima
 * against three references of L*, the kernel checks, Weyl's bound and the edge of stability, one
 * row each.
 */
import type { Report } from "../../src/report/schema.ts";
import { describeDecay } from "../../src/report/decay_text.ts";
import { decayOf } from "./run_charts.ts";
import { fmt, type Html, html } from "./view.ts";

/** A verdict row: what is checked, the value, and what it says. */
type VerdictRow = [string, string, string];

function yesNo(v: unknown, yes: string, no: string): string | null {
  return v === true ? yes : v === false ? no : null;
}

/** The run's verdicts: the decay selection, the PL minima against three L*, the theory checks. */
export function verdictRows(r: Report): VerdictRow[] {
  const s = r.summary;
  const num = (k: string) => (typeof s[k] === "number" ? s[k] as number : null);
  const decay = decayOf(r, "decay");
  const window = decayOf(r, "decayWindow");
  const rows: VerdictRow[] = [];
  rows.push(["decay, post-transient run", decay?.model ?? "–", describeDecay(decay)]);
  if (window !== null) rows.push(["decay, stable window", window.model, describeDecay(window)]);
  const span = decay === null ? "" : ` (epochs ${decay.window[0]}–${decay.window[1]})`;
  const stable = Array.isArray(s.window) ? ` (epochs ${s.window[0]}–${s.window[1]})` : "";
  if (typeof s.plVerdict === "string") {
    const against = s.plReference === "zero"
      ? "L* = 0 (the model can interpolate)"
      : `L* = ${fmt(num("plLStar"))} (fitted floor)`;
    rows.push([
      "PL along the run",
      s.plVerdict,
      `against ${against}: ${typeof s.plReason === "string" ? s.plReason : ""}`,
    ]);
  }
  rows.push(["PL min, L* = 0", fmt(num("plMinZero")), `what Theorem 5.4 bounds${span}`]);
  rows.push([
    "PL min, L* = fitted L_inf",
    fmt(num("plMinFit")),
    `L_inf = ${fmt(decay?.lInf)}${span}`,
  ]);
  rows.push(["PL min, L* = final loss", fmt(num("plMin")), `the paper's proxy${stable}`]);
  rows.push([
    "proxy shift",
    fmt(num("plProxyShift")),
    "PL min against the proxy / against the fitted L_inf",
  ]);
  for (const [prefix, label] of [["", "subset"], ["full", "full"]] as const) {
    const floor = num(prefix === "" ? "lambdaMinFloor" : "fullLambdaMinFloor");
    if (floor === null) continue;
    const ratio = num(prefix === "" ? "lambdaMinRatio" : "fullLambdaMinRatio");
    const resolved = yesNo(
      s[prefix === "" ? "lambdaMinResolved" : "fullLambdaMinResolved"],
      "resolved above the float32 noise floor at every probe",
      "NOT resolved: at or under the float32 noise floor at some probe",
    );
    rows.push([
      `λ_min floor, ${label} kernel (Lemma 5.3)`,
      fmt(floor),
      `${fmt(ratio)} × λ_min(K_0)${resolved === null ? "" : `; ${resolved}`}`,
    ]);
  }
  const violation = num("ntkViolation");
  if (violation !== null) {
    rows.push([
      "‖∇L‖²/(2L) ≥ λ_min(K)/(n α²)",
      violation === 0 ? "holds" : `violated by ${fmt(100 * violation)}%`,
      s.ntkSuspect === true
        ? "beyond float32 tolerance: the NTK numbers are suspect"
        : "an identity of the squared loss, checked at every full-kernel probe",
    ]);
  }
  const shift = num("kernelShiftRatio");
  if (shift !== null) {
    rows.push([
      "‖K_t − K_0‖₂ / λ_min(K_0), subset kernel",
      fmt(shift),
      shift <= 0.5
        ? "within half the initial gap: Lemma 5.3's condition holds"
        : "beyond half the initial gap: Lemma 5.3's condition fails",
    ]);
  }
  const weyl = yesNo(
    s.weylVacuous,
    "vacuous: max ‖K_t − K_0‖₂ > λ_min(K_0), Weyl gives no positive bound",
    "max ‖K_t − K_0‖₂ < λ_min(K_0)",
  );
  if (weyl !== null) rows.push(["Weyl bound", fmt(num("plBound")), `PL bound; ${weyl}`]);
  const eta = num("etaOverEtaMax");
  if (eta !== null) {
    rows.push([
      "η / η_max",
      fmt(eta),
      `edge 2 (1 + β) n α² / λ_max(K_0), ${String(s.etaMaxSource ?? "")} kernel`,
    ]);
  }
  return rows;
}

/** The verdict rows as a table. */
export function verdictTable(r: Report): Html {
  return html`
    <table
      class="verdicts"><tr><th class="k">check</th><th class="k">value</th><th class="k">reads</th></tr>${verdictRows(
        r,
      ).map(([what, value, reads]) =>
        html`
          <tr>
            <th class="k">${what}</th>
            <td class="k">${value}</td>
            <td class="k">${reads}</td>
          </tr>
        `
      )}</table>
  `;
}
