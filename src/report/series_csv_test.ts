import assert from "node:assert/strict";
import { seriesCsv } from "./series_csv.ts";

Deno.test("seriesCsv() writes RFC 4180 CSV: header, one CRLF-ended row per epoch, blanks off-probe", () => {
  const text = seriesCsv({
    epoch: [0, 1],
    loss: [0.5, 0.25],
    gradNormSq: [2, 1e-7],
    drift: [0, 0.125],
    lr: [0.1, 0.1],
    seconds: [0, 1.5],
    ntk: {
      epoch: [1],
      lambdaMin: [3],
      lambdaMax: [4],
      kernelShift: [0.5],
      drift: [0.125],
      k: 2,
      belowNoiseFloor: [false],
    },
  });
  assert.equal(
    text,
    "epoch,loss,gradNormSq,drift,lr,seconds,ntkLambdaMin,ntkLambdaMax,ntkKernelShift\r\n" +
      "0,0.5,2,0,0.1,0,,,\r\n" +
      "1,0.25,1e-7,0.125,0.1,1.5,3,4,0.5\r\n",
  );
});
