/**
 * Static assets: chart.js from the installed npm package (never a CDN), the page script and the
 * style sheet (static/app.css followed by the heatmap's colour levels and the claims' styles,
 * which the self-contained paper report also embeds).
 */
import { Hono } from "hono";
import { heatmapCss } from "../compute/heatmap.ts";
import { CLAIM_STYLE } from "./claims_view.ts";

/** The file URL of chart.js's UMD bundle inside the installed `chart.js` npm package. */
export function chartJsUrl(): URL {
  return new URL("chart.umd.min.js", import.meta.resolve("chart.js"));
}

function cached(url: URL, type: string, suffix = "") {
  let body: Uint8Array | null = null;
  return () => {
    body ??= new TextEncoder().encode(new TextDecoder().decode(Deno.readFileSync(url)) + suffix);
    return new Response(body as Uint8Array<ArrayBuffer>, {
      headers: { "content-type": type, "cache-control": "public, max-age=3600" },
    });
  };
}

/** `GET /static/chart.umd.min.js`, `GET /static/app.js` and `GET /static/app.css`. */
export function assetRoutes(): Hono {
  const app = new Hono();
  const js = "text/javascript; charset=utf-8";
  const chart = cached(chartJsUrl(), js);
  const page = cached(new URL("../static/app.js", import.meta.url), js);
  app.get("/static/chart.umd.min.js", () => chart());
  const css = cached(
    new URL("../static/app.css", import.meta.url),
    "text/css; charset=utf-8",
    heatmapCss() + CLAIM_STYLE,
  );
  app.get("/static/app.js", () => page());
  app.get("/static/app.css", () => css());
  return app;
}
