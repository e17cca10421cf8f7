/**
 * Rebuilds vendor/jsr.io/@std/ from a checkout of github.com/denoland/std (the release tag named
 * in STD_RELEASE), in the layout Deno itself writes for `"vendor": true`, so plbench resolves
 * `jsr:@std/cli@^1` and `jsr:@std/csv@^1` offline:
 *
 *   git clone --branch release-2026.07.30 https://github.com/denoland/std /tmp/std
 *   deno run -A src/vendor/build_std_vendor.ts /tmp/std
 *   deno install   # then records the packages in deno.lock
 *
 * Each package keeps the files it publishes except tests (and their helpers), test data and
 * tools; imports of other std packages are rewritten the way publishing to JSR does
 * (`@std/streams/x` becomes `jsr:@std/streams@^<its version>/x`), using the import spans
 * `deno info --json` reports, so examples in doc comments stay as they are. Files are then stored under Deno's local names, and
 * each package gets its meta.json and <version>_meta.json (manifest with size and sha256 of every
 * file, exports from its deno.json). std's LICENSE is copied to vendor/jsr.io/@std/LICENSE.
 */
import { dirname, join, relative } from "node:path";
import {
  applyEdits,
  type Edit,
  localPath,
  type ManifestEntry,
  packageMeta,
  publishedSpecifier,
  sha256Hex,
  vendoredVersionMeta,
} from "./jsr_layout.ts";

/** The denoland/std release the vendored packages come from. */
export const STD_RELEASE = "release-2026.07.30";

/** The std packages plbench needs: @std/cli, @std/csv and what they import. */
export const STD_PACKAGES = ["cli", "csv", "internal", "streams", "bytes", "fmt"] as const;

/** Whether a package file is left out of the vendored copy (tests, test data, tools). */
export function leftOut(path: string): boolean {
  return /(^|\/)(testdata|_tools)\//.test(path) || /_(test|bench)\.ts$/.test(path) ||
    /(^|\/)_test_[a-z_]*\.ts$/.test(path);
}

interface PackageConfig {
  name: string;
  version: string;
  exports: Record<string, string>;
}

async function readConfig(dir: string): Promise<PackageConfig> {
  const config = JSON.parse(await Deno.readTextFile(join(dir, "deno.json")));
  const exports = typeof config.exports === "string" ? { ".": config.exports } : config.exports;
  return { name: config.name, version: config.version, exports };
}

async function filesOf(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory && entry.name !== "target") out.push(...await filesOf(path, base));
    else if (entry.isFile) out.push(relative(base, path));
  }
  return out.sort();
}

/** Offsets of each line start, to turn deno info's line/character positions into offsets. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return starts;
}

interface Span {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** The edits that rewrite the `@std/` imports of `file` (spans from `deno info --json`). */
async function stdImportEdits(
  checkout: string,
  file: string,
  text: string,
  versions: Record<string, string>,
): Promise<Edit[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", file],
    cwd: checkout,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`deno info ${file} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  const info = JSON.parse(new TextDecoder().decode(out.stdout));
  const url = new URL(`file://${join(checkout, file)}`).href;
  const module = info.modules.find((m: { specifier: string }) => m.specifier === url);
  const starts = lineStarts(text);
  const edits: Edit[] = [];
  for (const dep of module?.dependencies ?? []) {
    const specifier: string = dep.specifier;
    if (specifier.startsWith(".")) continue;
    for (const span of [dep.code?.span, dep.type?.span] as (Span | undefined)[]) {
      if (span === undefined) continue;
      const start = starts[span.start.line]! + span.start.character;
      const end = starts[span.end.line]! + span.end.character;
      const quoted = text.slice(start, end);
      if (quoted.slice(1, -1) !== specifier) {
        throw new Error(`${file}: span ${start}-${end} holds ${quoted}, not '${specifier}'`);
      }
      edits.push({
        start,
        end,
        text: `${quoted[0]}${publishedSpecifier(specifier, versions)}${quoted[0]}`,
      });
    }
  }
  return edits;
}

/** Builds vendor/jsr.io/@std/ under `vendorDir` from the std checkout `checkout`. */
export async function buildStdVendor(checkout: string, vendorDir: string): Promise<string[]> {
  const versions: Record<string, string> = {};
  for await (const entry of Deno.readDir(checkout)) {
    if (!entry.isDirectory) continue;
    try {
      versions[entry.name] = (await readConfig(join(checkout, entry.name))).version;
    } catch {
      // not a package folder
    }
  }
  const root = join(vendorDir, "jsr.io", "@std");
  await Deno.remove(root, { recursive: true }).catch(() => {});
  const written: string[] = [];
  for (const pkg of STD_PACKAGES) {
    const dir = join(checkout, pkg);
    const config = await readConfig(dir);
    if (config.name !== `@std/${pkg}`) throw new Error(`${dir}/deno.json names ${config.name}`);
    const manifest: Record<string, ManifestEntry> = {};
    for (const path of (await filesOf(dir)).filter((p) => !leftOut(p))) {
      let bytes = await Deno.readFile(join(dir, path));
      if (path.endsWith(".ts")) {
        const text = new TextDecoder().decode(bytes);
        const edits = await stdImportEdits(checkout, join(pkg, path), text, versions);
        bytes = new TextEncoder().encode(applyEdits(text, edits));
      }
      manifest[`/${path}`] = { size: bytes.length, checksum: `sha256-${await sha256Hex(bytes)}` };
      const target = join(root, pkg, config.version, await localPath(path));
      await Deno.mkdir(dirname(target), { recursive: true });
      await Deno.writeFile(target, bytes);
      written.push(target);
    }
    const meta = await vendoredVersionMeta({ manifest, exports: config.exports });
    await Deno.writeTextFile(join(root, pkg, `${config.version}_meta.json`), meta);
    await Deno.writeTextFile(join(root, pkg, "meta.json"), packageMeta("std", pkg, config.version));
  }
  await Deno.copyFile(join(checkout, "LICENSE"), join(root, "LICENSE"));
  return written;
}

if (import.meta.main) {
  const [checkout, vendorDir = new URL("../../vendor", import.meta.url).pathname] = Deno.args;
  if (checkout === undefined) {
    console.error(`Usage: deno run -A src/vendor/build_std_vendor.ts STD_CHECKOUT [VENDOR_DIR]`);
    console.error(`(STD_CHECKOUT: github.com/denoland/std at tag ${STD_RELEASE})`);
    Deno.exit(2);
  }
  const written = await buildStdVendor(checkout, vendorDir);
  console.log(`${written.length} files of ${STD_PACKAGES.length} packages in ${vendorDir}`);
}
