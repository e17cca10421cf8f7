import assert from "node:assert/strict";
import { gapSeries } from "./pl_ratio.ts";
import { detectWindow, parseWindow } from "./stable_window.ts";

/**
 * Loss with a warm-up transient (fast extra decay over the first ~15 epochs), a geometric middle
 * at rate rho and a floor, so that the proxy L* = final loss bends the tail.
 */
function syntheticLoss(epochs: number, rho: number): number[] {
  return Array.from(
    { length: epochs + 1 },
    (_, t) => 0.05 + 0.5 * rho ** t + 3 * Math.exp(-t / 2.5),
  );
}

Deno.test("detectWindow() excludes the transient and the terminal-proxy tail", () => {
  const rho = 0.97;
  const loss = syntheticLoss(200, rho);
  const gap = gapSeries(loss, loss[200]!);
  const window = detectWindow(gap);
  assert.ok(window !== null);
  const [a, b] = window;
  // the transient's slope is within 25% of log(rho) from about epoch 20 on
  const steep = (t: number) => Math.abs(Math.log(gap[t + 1]! / gap[t]!) / Math.log(rho) - 1);
  assert.ok(steep(a - 6) > 0.25, `window starts inside the transient: a = ${a}`);
  assert.ok(a <= 30, `window starts late: a = ${a}`);
  // the proxy bends the tail: rho^u / (1 - rho^u) > 0.25 for u < ln(0.2) / ln(rho) = 52.8
  assert.ok(b <= 200 - 45, `window reaches into the proxy tail: b = ${b}`);
  assert.ok(b >= 200 - 65, `window ends early: b = ${b}`);
  // inside the window the proxy inflates the gap's decay by at most the tolerance
  for (let t = a; t < b; t++) assert.ok(steep(t) < 0.3, `epoch ${t}: ${steep(t)}`);
});

Deno.test("detectWindow() finds no window in a series that does not decay", () => {
  const flat = Array.from({ length: 60 }, (_, t) => 1 + 0.01 * Math.sin(t));
  assert.equal(detectWindow(gapSeries(flat, flat[59]!)), null);
  assert.equal(detectWindow([1, 0.5, 0]), null);
});

Deno.test("parseWindow() reads 'a:b', returns null for 'auto' and refuses bad ranges", () => {
  assert.deepEqual(parseWindow("10:120", 250), [10, 120]);
  assert.equal(parseWindow("auto", 250), null);
  assert.throws(() => parseWindow("120:10", 250), /a < b <= 250 \(the last epoch\), got '120:10'/);
  assert.throws(() => parseWindow("10:300", 250), /got '10:300'/);
  assert.throws(() => parseWindow("ten", 250), /'auto' or 'a:b'/);
});
