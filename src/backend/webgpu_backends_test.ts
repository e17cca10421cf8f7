import assert from "node:assert/strict";
import {
  NATIVE_WEBGPU_BACKENDS,
  skipDeviceSelectLayer,
  WEBGPU_BACKEND_VARIABLE,
  webgpuBackends,
} from "./webgpu_backends.ts";
import { ignoreWithout, WEBGPU_ADAPTER } from "../testing/system_parts.ts";

Deno.test("webgpuBackends() keeps the user's list and leaves OpenGL out otherwise", () => {
  assert.equal(webgpuBackends(undefined), NATIVE_WEBGPU_BACKENDS);
  assert.equal(webgpuBackends(" "), NATIVE_WEBGPU_BACKENDS);
  assert.equal(webgpuBackends("gl"), "gl");
  assert.ok(!NATIVE_WEBGPU_BACKENDS.split(",").includes("gl"));
});

Deno.test("skipDeviceSelectLayer() only without a session and without the user's own choice", () => {
  const env = (vars: Record<string, string>) => ({ get: (k: string) => vars[k] });
  assert.equal(skipDeviceSelectLayer(env({})), true);
  assert.equal(skipDeviceSelectLayer(env({ XDG_RUNTIME_DIR: "" })), true);
  assert.equal(skipDeviceSelectLayer(env({ XDG_RUNTIME_DIR: "/run/user/1000" })), false);
  assert.equal(skipDeviceSelectLayer(env({ NODEVICE_SELECT: "0" })), false);
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
  name:
    "a process that calls preferNativeWebgpu() runs webgpu without libEGL and without session errors",
  ignore: Deno.build.os !== "linux" || await ignoreWithout(import.meta.url, WEBGPU_ADAPTER),
  fn: async () => {
    const env = Deno.env.toObject();
    delete env[WEBGPU_BACKEND_VARIABLE];
    delete env.XDG_RUNTIME_DIR;
    delete env.NODEVICE_SELECT;
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
    assert.doesNotMatch(new TextDecoder().decode(out.stderr), /XDG_RUNTIME_DIR/);
  },
});
