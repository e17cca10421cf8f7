import assert from "node:assert/strict";
import {
  applyEdits,
  localPath,
  mediaExtension,
  packageMeta,
  publishedSpecifier,
  sha256Hex,
  shortHash,
  shouldHashPart,
  vendoredVersionMeta,
} from "./jsr_layout.ts";

Deno.test("sha256Hex() gives the digest python's hashlib gives, for text and bytes", async () => {
  // python3 -c "import hashlib; print(hashlib.sha256(b'unstable_progress_bar_stream.ts').hexdigest())"
  const want = "b71b9a29b4c948f20322fe7332448481164768a05be9dbc00acc117714eb2ced";
  assert.equal(await sha256Hex("unstable_progress_bar_stream.ts"), want);
  assert.equal(await sha256Hex(new TextEncoder().encode("unstable_progress_bar_stream.ts")), want);
});

Deno.test("names up to 30 lower-case characters keep their name, others are hashed as Deno does", async () => {
  assert.equal(await localPath("mod.ts"), "mod.ts");
  assert.equal(await localPath("parse_args.ts"), "parse_args.ts");
  assert.equal(await localPath("_data.json"), "_data.json");
  // hash prefixes from python hashlib: sha256(name)[:5]
  assert.equal(
    await localPath("unstable_progress_bar_stream.ts"),
    "#unstable_progress_ba_b71b9.ts",
  );
  assert.equal(
    await localPath("unstable_prompt_multiple_select.ts"),
    "#unstable_prompt_mult_db113.ts",
  );
  assert.equal(await localPath("README.md"), "#readme_b3356.md", "upper case");
  assert.equal(await shortHash("a".repeat(40), null), "#aaaaaaaaaaaaaaaaaaaa_e33cd");
  assert.equal(await localPath("sub/x.ts"), "sub/x.ts");
});

Deno.test("shouldHashPart() follows Deno's rules for folders and files", () => {
  assert.equal(shouldHashPart("streams", null), false);
  assert.equal(shouldHashPart("x.ts", null), true, "a folder named like a module");
  assert.equal(shouldHashPart("con", null), true, "a Windows device name");
  assert.equal(shouldHashPart("LICENSE", ".js"), true, "no known extension");
  assert.equal(shouldHashPart("a.ts", ".ts"), false);
  assert.equal(shouldHashPart("a.", ".js"), true);
  assert.equal(shouldHashPart("#a.ts", ".ts"), true);
  assert.equal(mediaExtension("x.d.ts"), ".d.ts");
  assert.equal(mediaExtension("LICENSE"), ".js");
});

Deno.test("publishedSpecifier() rewrites std imports as publishing does and refuses others", () => {
  const versions = { streams: "1.1.2", bytes: "1.0.6" };
  assert.equal(
    publishedSpecifier("@std/streams/text-delimiter-stream", versions),
    "jsr:@std/streams@^1.1.2/text-delimiter-stream",
  );
  assert.equal(publishedSpecifier("@std/bytes", versions), "jsr:@std/bytes@^1.0.6");
  assert.throws(
    () => publishedSpecifier("@std/assert", versions),
    /Cannot rewrite import '@std\/assert'/,
  );
  assert.throws(() => publishedSpecifier("npm:x", versions), /not a package of this build/);
});

Deno.test("applyEdits() replaces spans from the end, leaving the rest as it was", () => {
  const text = `import { a } from "@std/x/a";\n// from "@std/x/b"\n`;
  const start = text.indexOf('"');
  const end = text.indexOf('"', start + 1) + 1;
  assert.equal(
    applyEdits(text, [{ start, end, text: '"jsr:@std/x@^1/a"' }]),
    `import { a } from "jsr:@std/x@^1/a";\n// from "@std/x/b"\n`,
  );
});

Deno.test("the metadata files: meta.json lists the version, <version>_meta.json carries its checksum", async () => {
  assert.deepEqual(JSON.parse(packageMeta("std", "cli", "1.0.32")), {
    scope: "std",
    name: "cli",
    latest: "1.0.32",
    versions: { "1.0.32": {} },
  });
  const meta = {
    manifest: { "/mod.ts": { size: 1, checksum: "sha256-00" } },
    exports: { ".": "./mod.ts" },
  };
  const vendored = JSON.parse(await vendoredVersionMeta(meta));
  assert.deepEqual(vendored.manifest, meta.manifest);
  assert.deepEqual(vendored.exports, meta.exports);
  assert.equal(vendored.lockfileChecksum, await sha256Hex(JSON.stringify(meta)));
});
