/** Server-sent events of a response, read one at a time (the live-progress tests use it). */

/** Reads server-sent events from a response, one at a time, skipping comments. */
export function eventReader(res: Response) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  return {
    async next(): Promise<{ event: string; data: unknown }> {
      let block = "";
      while (!/^(event|data):/m.test(block)) { // a block of comments only is skipped
        let end;
        while ((end = buffer.indexOf("\n\n")) < 0) {
          const { value, done } = await reader.read();
          if (done) throw new Error("event stream ended");
          buffer += value;
        }
        block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
      }
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      return { event, data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? "null") };
    },
    cancel: () => reader.cancel(),
  };
}
