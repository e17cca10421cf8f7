/**
 * How Deno lays out JSR packages in a `vendor/` folder (`"vendor": true`), as Deno 2.9 reads it:
 * `jsr.io/<scope>/<name>/meta.json` (the versions), `jsr.io/<scope>/<name>/<version>_meta.json`
 * (the file manifest with sizes and sha256 checksums, the exports, and `lockfileChecksum`, the
 * checksum deno.lock records), and the files under `jsr.io/<scope>/<name>/<version>/`, each
 * path segment stored under Deno's local cache name (long or upper-case names are hashed).
 * Pure functions: the builder (build_std_vendor.ts) and the integrity test use them.
 */

/** One file of a package's manifest (keys are paths with a leading slash). */
export interface ManifestEntry {
  size: number;
  checksum: string;
}

/** The version metadata as the registry would serve it (before Deno's vendor transform). */
export interface VersionMeta {
  manifest: Record<string, ManifestEntry>;
  exports: Record<string, string>;
}

/** Lower-case hex sha256 of `data` (text as UTF-8). */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

const KNOWN_EXTENSIONS = [".js", ".ts", ".jsx", ".tsx", ".mts", ".mjs", ".json", ".wasm"];
const FORBIDDEN = new Set(["?", "<", ">", ":", "*", "|", "\\", '"', "'", "/"]);
const WINDOWS_NAMES = new Set([
  "con",
  "prn",
  "aux",
  "nul",
  ..."0123456789".split("").flatMap((d) => [`com${d}`, `lpt${d}`]),
]);

/** The extension Deno gives a file from its URL alone (media type; unknown ones become .js). */
export function mediaExtension(name: string): string {
  const lower = name.toLowerCase();
  const table: [string, string][] = [
    [".d.ts", ".d.ts"],
    [".d.mts", ".d.mts"],
    [".d.cts", ".d.cts"],
    [".ts", ".ts"],
    [".mts", ".mts"],
    [".cts", ".cts"],
    [".tsx", ".tsx"],
    [".jsx", ".jsx"],
    [".mjs", ".mjs"],
    [".cjs", ".cjs"],
    [".js", ".js"],
    [".json", ".json"],
    [".jsonc", ".jsonc"],
    [".json5", ".json5"],
    [".md", ".md"],
    [".wasm", ".wasm"],
    [".css", ".css"],
    [".html", ".html"],
    [".sql", ".sql"],
  ];
  return table.find(([suffix]) => lower.endsWith(suffix))?.[1] ?? ".js";
}

function hasForbiddenChars(part: string): boolean {
  return [...part].some((c) => FORBIDDEN.has(c) || (c >= "A" && c <= "Z"));
}

function hasKnownExtension(part: string): boolean {
  const lower = part.toLowerCase();
  return KNOWN_EXTENSIONS.some((e) => lower.endsWith(e));
}

/** Whether Deno stores a URL path segment under a hashed name (`lastExt`: set for the file). */
export function shouldHashPart(part: string, lastExt: string | null): boolean {
  if (part.length === 0 || part.length > 30) return true;
  const contextual = lastExt === null
    ? hasKnownExtension(part)
    : !hasKnownExtension(part) || !part.endsWith(lastExt);
  return contextual || part.startsWith("#") || hasForbiddenChars(part) ||
    (lastExt === null && WINDOWS_NAMES.has(part)) || part.endsWith(".");
}

/** The hashed name: `#` + the first 20 characters (lower case) + `_` + 5 hex of sha256 + ext. */
export async function shortHash(part: string, lastExt: string | null): Promise<string> {
  const hash = await sha256Hex(part);
  let sub = "";
  for (const c of [...part].slice(0, 20)) {
    if (c === "?") break;
    sub += FORBIDDEN.has(c) ? "_" : c.toLowerCase();
  }
  if (lastExt !== null && sub.endsWith(lastExt)) sub = sub.slice(0, -lastExt.length);
  const ext = lastExt ?? "";
  return sub === "" ? `#${hash.slice(0, 7)}${ext}` : `#${sub}_${hash.slice(0, 5)}${ext}`;
}

/**
 * Where Deno keeps the file at `path` (relative to the package version, "/" separated) inside
 * `jsr.io/<scope>/<name>/<version>/`.
 *
 * @example
 * await localPath("unstable_progress_bar_stream.ts"); // "#unstable_progress_ba_<5 hex>.ts"
 */
export async function localPath(path: string): Promise<string> {
  const parts = path.split("/");
  const out: string[] = [];
  for (const [i, part] of parts.entries()) {
    const lastExt = i === parts.length - 1 ? mediaExtension(part) : null;
    out.push(shouldHashPart(part, lastExt) ? await shortHash(part, lastExt) : part);
  }
  return out.join("/");
}

/** `meta.json` of a package with one version. */
export function packageMeta(scope: string, name: string, version: string): string {
  return JSON.stringify({ scope, name, latest: version, versions: { [version]: {} } });
}

/**
 * `<version>_meta.json` as Deno writes it into vendor/: the registry's metadata (here: the
 * manifest and the exports) with `lockfileChecksum`, the sha256 of the registry's bytes, added.
 */
export async function vendoredVersionMeta(meta: VersionMeta): Promise<string> {
  const served = JSON.stringify({ manifest: meta.manifest, exports: meta.exports });
  return JSON.stringify({ ...JSON.parse(served), lockfileChecksum: await sha256Hex(served) });
}

/**
 * Rewrites a bare `@std/<name>[/<export>]` specifier the way publishing to JSR does, with the
 * caret range of that package's version in `versions`; throws for a package it does not know.
 */
export function publishedSpecifier(bare: string, versions: Record<string, string>): string {
  const match = /^@std\/([a-z0-9_-]+)(\/.*)?$/.exec(bare);
  const version = match === null ? undefined : versions[match[1]!];
  if (match === null || version === undefined) {
    throw new Error(`Cannot rewrite import '${bare}': not a package of this build`);
  }
  return `jsr:@std/${match[1]}@^${version}${match[2] ?? ""}`;
}

/** A replacement of the text between two offsets. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping `edits` to `text`. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  }
  return out;
}
