/**
 * Static assets: chart.js from the installed npm package (never a CDN) and the page script.
 */
import { Hono } from "hono";

/** The file URL of chart.js's UMD bundle inside the installed `chart.js` npm package. */
export function chartJsUrl(): URL {
  return new URL("chart.umd.min.js", import.meta.resolve("chart.js"));
}

function cached(url: URL, type: string) {
  let body: Uint8Array | null = null;
  return () => {
    body ??= Deno.readFileSync(url);
    return new Response(body as Uint8Array<ArrayBuffer>, {
      headers: { "content-type": type, "cache-control": "public, max-age=3600" },
    });
  };
}

/** `GET /static/chart.umd.min.js` and `GET /static/app.js`. */
export function assetRoutes(): Hono {
  const app = new Hono();
  const js = "text/javascript; charset=utf-8";
  const chart = cached(chartJsUrl(), js);
  const page = cached(new URL("../static/app.js", import.meta.url), js);
  app.get("/static/chart.umd.min.js", () => chart());
  app.get("/static/app.js", () => page());
  return app;
}
