import assert from "node:assert/strict";
import {
  NATIVE_WEBGPU_BACKENDS,
  WEBGPU_BACKEND_VARIABLE,
  webgpuBackends,
} from "./webgpu_backends.ts";

Deno.test("webgpuBackends() keeps the user's list and leaves OpenGL out otherwise", () => {
  assert.equal(webgpuBackends(undefined), NATIVE_WEBGPU_BACKENDS);
  assert.equal(webgpuBackends(" "), NATIVE_WEBGPU_BACKENDS);
  assert.equal(webgpuBackends("gl"), "gl");
  assert.ok(!NATIVE_WEBGPU_BACKENDS.split(",").includes("gl"));
});

const SCRIPT = `
import { preferNativeWebgpu } from "${new URL("./webgpu_backends.ts", import.meta.url).href}";
import { selectBackend } from "${new URL("./backend.ts", import.meta.url).href}";
preferNativeWebgpu();
const env = await selectBackend("webgpu");
const maps = Deno.readTextFileSync("/proc/self/maps");
console.log(JSON.stringify({ adapter: env.adapter, egl: maps.includes("libEGL") }));
`;

Deno.test({
  name: "a process that calls preferNativeWebgpu() runs webgpu without loading libEGL",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const env = Deno.env.toObject();
    delete env[WEBGPU_BACKEND_VARIABLE];
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--config", new URL("../../deno.json", import.meta.url).pathname, SCRIPT],
      clearEnv: true,
      env,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout).trim();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    const seen = JSON.parse(text.split("\n").at(-1) ?? "");
    assert.equal(seen.egl, false, `libEGL loaded; adapter ${seen.adapter}`);
    assert.match(seen.adapter, /\S/);
  },
});
