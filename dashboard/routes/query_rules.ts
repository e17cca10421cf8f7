/**
 * The query parameters each page takes, as data, checked before any route does work: a parameter
 * the page does not take, one given twice where it is taken once, more copies than a list takes,
 * or one value given twice in a list answers 400 naming it, before anything is read or judged.
 * What the values must be is each route's own check.
 */
import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { PAPER_SUITES } from "../compute/paper_data.ts";
import { MAX_COMPARE_POINTS } from "./compare_routes.ts";

/** What one page takes: names taken once, and lists (a name taken several times, at most n). */
export interface QueryRule {
  once?: readonly string[];
  many?: Readonly<Record<string, number>>;
}

/** Every route that takes query parameters, by its route pattern; any other takes none. */
export const QUERY_RULES: Readonly<Record<string, QueryRule>> = {
  "/api/runs": { once: ["suite", "status", "sweep", "point", "limit", "offset"] },
  "/api/table": { once: ["sweep", "suite"] },
  "/api/table.csv": { once: ["sweep", "suite", "metrics"] },
  "/api/table.tex": { once: ["sweep", "suite", "metrics"] },
  "/sweeps/:sweep/table": { once: ["metrics"] },
  "/api/envelope": { once: ["sweep", "point", "lstar"] },
  "/sweeps/:sweep/points/:point": { once: ["lstar"] },
  "/api/compare": { once: ["sweep"], many: { point: MAX_COMPARE_POINTS } },
  "/sweeps/:sweep/compare": { many: { point: MAX_COMPARE_POINTS } },
  "/api/heatmap": { once: ["sweep", "metric", "x", "y"] },
  "/sweeps/:sweep/heatmap": { once: ["metric", "x", "y"] },
  "/api/claims": { once: ["sweep"] },
  "/report": { many: { sweep: PAPER_SUITES.length } },
  "/api/nightly": { once: ["limit", "offset"] },
  "/nightly": { once: ["offset"] },
  "/api/nightly/history": { once: ["point", "metric"] },
  "/nightly/history": { once: ["point", "metric"] },
};

/** The longest query string looked at; a longer one is refused before it is split. */
export const MAX_QUERY_CHARS = 16_384;

function refuse(message: string): never {
  throw new HTTPException(400, { message });
}

function patternOf(route: string): RegExp {
  const escaped = route.split("/").map((part) =>
    part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
  );
  return new RegExp(`^${escaped.join("/")}$`);
}

/** The routes' patterns, those without path parameters first (`/nightly/history` before `/nightly/:id`). */
const PATTERNS: [string, RegExp][] = Object.keys(QUERY_RULES)
  .sort((a, b) => Number(a.includes(":")) - Number(b.includes(":")))
  .map((route) => [route, patternOf(route)]);

/** The route pattern and rule of `path`, or null when no rule names it (it takes no parameters). */
export function ruleFor(path: string): [string, QueryRule] | null {
  const route = PATTERNS.find(([, pattern]) => pattern.test(path))?.[0];
  return route === undefined ? null : [route, QUERY_RULES[route]!];
}

/** Checks the query of `url` against its rule; throws a 400 naming the first problem. */
export function checkQuery(url: string, path: string): void {
  const start = url.indexOf("?");
  if (start < 0 || start === url.length - 1) return;
  const query = url.slice(start + 1).replace(/#.*$/, "");
  if (query.length > MAX_QUERY_CHARS) {
    refuse(
      `The query string is ${query.length} characters long; the most taken is ${MAX_QUERY_CHARS}`,
    );
  }
  const found = ruleFor(path);
  const [route, rule] = found ?? [path, {}];
  const once = new Set(rule.once ?? []);
  const many = rule.many ?? {};
  const taken = [...once, ...Object.keys(many)];
  const seen = new Map<string, Set<string>>();
  for (const [name, value] of new URLSearchParams(query)) {
    if (!once.has(name) && !(name in many)) {
      refuse(
        `Unknown query parameter '${name.slice(0, 40)}' for ${route}: ` +
          (taken.length === 0 ? "it takes none" : `it takes ${taken.join(", ")}`),
      );
    }
    const values = seen.get(name) ?? new Set<string>();
    seen.set(name, values);
    if (once.has(name) && values.size > 0) {
      refuse(`Query parameter '${name}' is given more than once; ${route} takes it once`);
    }
    if (values.has(value)) {
      refuse(`Query parameter '${name}' names '${value.slice(0, 60)}' more than once`);
    }
    values.add(value);
    const most = many[name];
    if (most !== undefined && values.size > most) {
      refuse(
        `Query parameter '${name}' is given more than ${most} times; ${route} takes at most ${most}`,
      );
    }
  }
}

/** A middleware refusing (400) any request whose query its route does not take (see above). */
export function queryGuard(): MiddlewareHandler {
  return async (c, next) => {
    checkQuery(c.req.url, c.req.path);
    await next();
  };
}
