/**
 * Who may talk to the dashboard, and what every answer tells the browser.
 *
 * - Every response carries a Content-Security-Policy (scripts, styles and connections from the
 *   dashboard itself only, no inline code, no framing), `X-Content-Type-Options: nosniff`,
 *   `X-Frame-Options: DENY` and `Referrer-Policy: same-origin`.
 * - Without a token (the default, loopback only), a request is served only when its `Host` names
 *   this server (a loopback name, the served host or an `--allow-host` name), so a page on another
 *   site cannot read it through DNS rebinding; a write must also be JSON
 *   (`Content-Type: application/json`, which a cross-site form or no-cors fetch cannot send) and,
 *   when it carries an `Origin`, come from this server's own origin.
 * - With a token, writes need the bearer token (`requireToken` in ingest_routes.ts) and none of
 *   the above is checked: the token is what a foreign page cannot send.
 */
import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { hostName, normalHostName } from "../../src/util/host_names.ts";

/** The Content-Security-Policy of every answer. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Sets the security headers on every response, errors included. A route that sets its own
 * Content-Security-Policy (the self-contained paper report allows its embedded scripts by hash)
 * keeps it, with `frame-ancestors 'none'` added when it lacks one.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    const own = h.get("content-security-policy");
    h.set(
      "content-security-policy",
      own === null
        ? CONTENT_SECURITY_POLICY
        : /frame-ancestors/.test(own)
        ? own
        : `${own}; frame-ancestors 'none'`,
    );
    h.set("x-content-type-options", "nosniff");
    h.set("x-frame-options", "DENY");
    h.set("referrer-policy", "same-origin");
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Without a token: refuses (403) a request whose Host is not one of `hosts`, and a write that is not
 * `application/json` (415) or whose Origin is another origin than the Host it was sent to (403).
 * With a token it lets everything through (the token guards writes).
 */
export function sameOriginGuard(token: string | null, hosts: readonly string[]): MiddlewareHandler {
  const allowed = new Set(hosts.map(normalHostName));
  return async (c, next) => {
    if (token !== null) return await next();
    const authority = c.req.header("host") ?? new URL(c.req.url).host;
    const name = hostName(authority);
    if (name === null || !allowed.has(name)) {
      throw new HTTPException(403, {
        message: `Host '${authority.slice(0, 100)}' is not a name of this server (served as ${
          [...allowed].join(", ")
        }); start it with --allow-host NAME to answer to another name`,
      });
    }
    if (!SAFE_METHODS.has(c.req.method)) {
      const type = c.req.header("content-type") ?? "";
      if (!/^application\/json\s*(;|$)/i.test(type.trim())) {
        throw new HTTPException(415, {
          message: `Writes must be 'Content-Type: application/json', got '${
            type.slice(0, 100) || "none"
          }'`,
        });
      }
      const origin = c.req.header("origin");
      if (origin !== undefined && !sameOrigin(origin, authority)) {
        throw new HTTPException(403, {
          message: `Cross-site write refused: Origin '${origin.slice(0, 100)}' is not this ` +
            `server (${authority.slice(0, 100)})`,
        });
      }
    }
    await next();
  };
}

function sameOrigin(origin: string, authority: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and anything else unparsable
  }
  return (url.protocol === "http:" || url.protocol === "https:") &&
    url.host.toLowerCase() === authority.trim().toLowerCase();
}
