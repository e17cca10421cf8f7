import assert from "node:assert/strict";
import { MAX_HEAD_BYTES, RequestFraming } from "./request_framing.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

/** Feeds `text` one byte at a time (and whole) and checks both see the same requests. */
function follow(text: string) {
  const whole = new RequestFraming();
  const step = whole.feed(bytes(text));
  const single = new RequestFraming();
  let heads = 0;
  let requests = 0;
  for (const b of bytes(text)) {
    const s = single.feed(new Uint8Array([b]));
    heads += s.heads;
    requests += s.requests;
  }
  assert.deepEqual([heads, requests, single.phase], [step.heads, step.requests, whole.phase]);
  return { ...step, phase: whole.phase };
}

Deno.test("RequestFraming follows pipelined requests with no body, a length and chunks", () => {
  const get = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  const post = "POST /api/reports HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello";
  const chunked = "POST /x HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n" +
    "5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n";
  assert.deepEqual(follow(get + post + chunked + get), {
    heads: 4,
    requests: 4,
    error: null,
    phase: "idle",
  });
  assert.equal(follow("GET / HTTP/1.1\r\nHo").phase, "head");
  assert.equal(follow(post.slice(0, -2)).phase, "body");
  assert.equal(follow("\r\n" + get).requests, 1, "blank lines between requests");
  assert.equal(follow("GET / HTTP/1.1\nHost: a\n\n").requests, 1, "bare LF lines");
});

Deno.test("RequestFraming refuses framing it cannot follow", () => {
  const refusal = (text: string) => new RequestFraming().feed(bytes(text)).error;
  assert.match(
    refusal("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n")!,
    /Content-Length/,
  );
  assert.match(refusal("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n")!, /Content-Length/);
  assert.match(refusal("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n")!, /transfer coding/);
  assert.match(
    refusal("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n")!,
    /transfer coding/,
  );
  assert.match(
    refusal("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")!,
    /chunk size/,
  );
  assert.match(refusal("GET / HTTP/1.1\r\nX: " + "a".repeat(MAX_HEAD_BYTES))!, /request head over/);
});
