/**
 * Sending a night's verdict report to the dashboard (`POST /api/nightly`), retried with
 * exponential backoff; the local nightly.json stays the source of truth.
 */
import type { NightReport } from "./night_report.ts";

/** Posts a night report to `<url>/api/nightly`, retrying network errors and 5xx answers. */
export async function postNight(
  url: string,
  token: string | null,
  night: NightReport,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let error = "";
  for (let attempt = 1, delay = 250; attempt <= 4; attempt++, delay *= 2) {
    try {
      const res = await fetch(url.replace(/\/+$/, "") + "/api/nightly", {
        method: "POST",
        headers,
        body: JSON.stringify(night),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      if (res.ok) return { ok: true as const };
      error = `HTTP ${res.status}: ${text.slice(0, 200)}`;
      if (res.status < 500) break;
    } catch (e) {
      error = (e as Error).message;
    }
    if (attempt < 4) await new Promise((ok) => setTimeout(ok, delay));
  }
  return { ok: false as const, error };
}
