/**
 * A Web Worker holding live viewers of a sweep: `{ url, viewers }` opens that many event streams
 * and counts the bytes and events they receive; `"stop"` closes them and answers
 * `{ opened, bytes, events }`.
 */
/// <reference lib="deno.worker" />

const controller = new AbortController();
let bytes = 0;
let events = 0;
let opened = 0;

async function view(url: string): Promise<void> {
  try {
    const res = await fetch(url, { signal: controller.signal });
    if (res.status !== 200 || res.body === null) {
      await res.body?.cancel();
      return;
    }
    opened++;
    const decoder = new TextDecoder();
    for await (const chunk of res.body) {
      bytes += chunk.byteLength;
      events += (decoder.decode(chunk, { stream: true }).match(/^event:/gm) ?? []).length;
    }
  } catch {
    // closed by "stop" or by the server
  }
}

self.onmessage = (e: MessageEvent) => {
  if (e.data === "stop") {
    controller.abort();
    self.postMessage({ opened, bytes, events });
    return;
  }
  const { url, viewers } = e.data as { url: string; viewers: number };
  for (let i = 0; i < viewers; i++) void view(url);
};
