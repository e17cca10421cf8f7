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
 * Sets `DENO_WEBGPU_BACKEND` for this process and its children when the user has not: call it at
 * a process's entry point, before anything touches `navigator.gpu`.
 */
export function preferNativeWebgpu(): void {
  Deno.env.set(WEBGPU_BACKEND_VARIABLE, webgpuBackends(Deno.env.get(WEBGPU_BACKEND_VARIABLE)));
}
