/**
 * The committed vendor/jsr.io/@std/ against its own manifests and deno.lock: Deno does not verify
 * vendored files, so a file edited or corrupted by hand would otherwise be used silently.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { localPath, sha256Hex, type VersionMeta } from "./jsr_layout.ts";
import { STD_PACKAGES } from "./build_std_vendor.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const STD = join(ROOT, "vendor", "jsr.io", "@std");

async function filesUnder(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) out.push(...await filesUnder(path, base));
    else out.push(path.slice(base.length + 1));
  }
  return out.sort();
}

async function versionOf(pkg: string): Promise<string> {
  const meta = JSON.parse(await Deno.readTextFile(join(STD, pkg, "meta.json")));
  assert.equal(meta.scope, "std");
  assert.equal(meta.name, pkg);
  assert.deepEqual(Object.keys(meta.versions), [meta.latest], `${pkg}: one vendored version`);
  return meta.latest;
}

Deno.test("every vendored std file has the size and sha256 its package manifest records", async () => {
  let files = 0;
  for (const pkg of STD_PACKAGES) {
    const version = await versionOf(pkg);
    const meta: VersionMeta & { lockfileChecksum: string } = JSON.parse(
      await Deno.readTextFile(join(STD, pkg, `${version}_meta.json`)),
    );
    const expected = new Map<string, string>();
    for (const [path, entry] of Object.entries(meta.manifest)) {
      const local = await localPath(path.slice(1));
      expected.set(local, path);
      const bytes = await Deno.readFile(join(STD, pkg, version, local));
      assert.equal(bytes.length, entry.size, `@std/${pkg}@${version}${path}: size`);
      assert.equal(
        `sha256-${await sha256Hex(bytes)}`,
        entry.checksum,
        `@std/${pkg}@${version}${path} (${local}): content differs from its manifest`,
      );
      files++;
    }
    const present = await filesUnder(join(STD, pkg, version));
    assert.deepEqual(
      present,
      [...expected.keys()].sort(),
      `@std/${pkg}: files not in the manifest`,
    );
    for (const target of Object.values(meta.exports)) {
      assert.ok(meta.manifest[target.slice(1)], `@std/${pkg}: export ${target} not vendored`);
    }
  }
  assert.ok(files > 50, `only ${files} files checked`);
});

Deno.test("each <version>_meta.json checksum is the one deno.lock records", async () => {
  const lock = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.lock")));
  for (const pkg of STD_PACKAGES) {
    const version = await versionOf(pkg);
    const meta = JSON.parse(await Deno.readTextFile(join(STD, pkg, `${version}_meta.json`)));
    const served = JSON.stringify({ manifest: meta.manifest, exports: meta.exports });
    assert.equal(meta.lockfileChecksum, await sha256Hex(served), `@std/${pkg}: lockfileChecksum`);
    const locked = lock.jsr?.[`@std/${pkg}@${version}`];
    if (locked !== undefined) {
      assert.equal(locked.integrity, meta.lockfileChecksum, `deno.lock: @std/${pkg}@${version}`);
    }
  }
  for (const pkg of ["cli", "csv"]) {
    assert.ok(lock.jsr?.[`@std/${pkg}@${await versionOf(pkg)}`], `deno.lock lacks @std/${pkg}`);
  }
});

Deno.test("Deno loads every export of @std/cli and @std/csv from vendor/ without the network", async () => {
  const imports: string[] = [];
  for (const pkg of ["cli", "csv"]) {
    const version = await versionOf(pkg);
    const meta = JSON.parse(await Deno.readTextFile(join(STD, pkg, `${version}_meta.json`)));
    for (const key of Object.keys(meta.exports)) {
      imports.push(`@std/${pkg}${key === "." ? "" : key.slice(1)}`);
    }
  }
  const script = imports.map((s, i) => `import * as m${i} from "${s}";`).join("\n") +
    `\nconsole.log([${
      imports.map((_, i) => `Object.keys(m${i}).length`).join(", ")
    }].join(" "));\n`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--cached-only", "--no-check", "--config", join(ROOT, "deno.json"), script],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.ok(out.success, stderr);
  const counts = new TextDecoder().decode(out.stdout).trim().split(" ").map(Number);
  assert.equal(counts.length, imports.length);
  assert.ok(counts.every((n) => n > 0), `an export without names: ${imports} -> ${counts}`);
});

Deno.test("std's license travels with the vendored packages", async () => {
  assert.match(await Deno.readTextFile(join(STD, "LICENSE")), /MIT License/);
});
