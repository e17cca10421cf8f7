/**
 * Which native graphics APIs Deno's WebGPU may use. wgpu also offers OpenGL (through EGL), but on
 * Mesa the EGL library's exit-time destructors race with exiting threads and abort about one
 * process exit in fifteen ("double free or corruption"), after the work is done. plbench therefore
 * leaves OpenGL out unless `DENO_WEBGPU_BACKEND` says otherwise; on Linux without a GPU, Mesa's
 * lavapipe (package mesa-vulkan-drivers) is the software Vulkan adapter.
 */

/** The variable Deno reads when it first creates its WebGPU instance. */
export const WEBGPU_BACKEND_VARIABLE = "DENO_WEBGPU_BACKEND";

/** The wgpu backends used when the variable is unset: the native APIs, never OpenGL. */
export const NATIVE_WEBGPU_BACKENDS = "vulkan,metal,dx12";

/** The backend list to use given the variable's current value: the user's choice wins. */
export function webgpuBackends(current: string | undefined): string {
  return current === undefined || current.trim() === "" ? NATIVE_WEBGPU_BACKENDS : current;
}

/**
 * Mesa's Vulkan device-select layer orders GPUs by the display session; without one
 * (`XDG_RUNTIME_DIR` unset, as on a cluster node or in a container) it has nothing to go by and
 * prints "error: XDG_RUNTIME_DIR is invalid or not set" on every start. True when it should be
 * switched off: no session and no choice made by the user.
 */
export function skipDeviceSelectLayer(env: { get(name: string): string | undefined }): boolean {
  return (env.get("XDG_RUNTIME_DIR") ?? "") === "" && env.get("NODEVICE_SELECT") === undefined;
}

/**
 * Sets `DENO_WEBGPU_BACKEND` for this process and its children when the user has not, and
 * switches Mesa's device-select layer off where it cannot work (`skipDeviceSelectLayer`): call it
 * at a process's entry point, before anything touches `navigator.gpu`.
 */
export function preferNativeWebgpu(): void {
  Deno.env.set(WEBGPU_BACKEND_VARIABLE, webgpuBackends(Deno.env.get(WEBGPU_BACKEND_VARIABLE)));
  if (skipDeviceSelectLayer(Deno.env)) Deno.env.set("NODEVICE_SELECT", "1");
}
