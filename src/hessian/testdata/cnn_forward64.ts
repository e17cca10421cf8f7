/**
 * The CNN of src/model/cnn.ts in float64 on the host, from its flat parameters (the order of
 * `buildCnn(...).variables`), for finite-difference references: stem conv, three stages of two
 * residual blocks (stride 2 and a 1x1 shortcut where the shape changes), GroupNorm after every
 * conv, ReLU, global average pooling and a linear head.
 */
import { GROUP_NORM_EPS } from "../../model/cnn_group_norm.ts";

/** An image batch in NHWC order. */
interface Maps {
  n: number;
  h: number;
  w: number;
  c: number;
  data: Float64Array;
}

/** Reads the flat parameter vector in order. */
class Reader {
  #at = 0;
  constructor(readonly theta: Float64Array) {}
  take(count: number): Float64Array {
    const out = this.theta.subarray(this.#at, this.#at + count);
    this.#at += count;
    return out;
  }
  get done(): boolean {
    return this.#at === this.theta.length;
  }
}

function conv(x: Maps, w: Float64Array, k: number, cout: number, stride: number): Maps {
  const pad = (k - 1) / 2;
  const ho = Math.floor((x.h - 1) / stride) + 1;
  const wo = Math.floor((x.w - 1) / stride) + 1;
  const out = new Float64Array(x.n * ho * wo * cout);
  for (let n = 0; n < x.n; n++) {
    for (let i = 0; i < ho; i++) {
      for (let j = 0; j < wo; j++) {
        for (let o = 0; o < cout; o++) {
          let s = 0;
          for (let a = 0; a < k; a++) {
            const r = stride * i + a - pad;
            if (r < 0 || r >= x.h) continue;
            for (let b = 0; b < k; b++) {
              const q = stride * j + b - pad;
              if (q < 0 || q >= x.w) continue;
              for (let c = 0; c < x.c; c++) {
                s += x.data[((n * x.h + r) * x.w + q) * x.c + c]! *
                  w[((a * k + b) * x.c + c) * cout + o]!;
              }
            }
          }
          out[((n * ho + i) * wo + j) * cout + o] = s;
        }
      }
    }
  }
  return { n: x.n, h: ho, w: wo, c: cout, data: out };
}

function groupNorm(x: Maps, gamma: Float64Array, beta: Float64Array, maxGroups: number): Maps {
  const groups = Math.min(maxGroups, x.c);
  const per = x.c / groups;
  const out = new Float64Array(x.data.length);
  const hw = x.h * x.w;
  for (let n = 0; n < x.n; n++) {
    for (let g = 0; g < groups; g++) {
      let mean = 0;
      for (let p = 0; p < hw; p++) {
        for (let c = g * per; c < (g + 1) * per; c++) mean += x.data[(n * hw + p) * x.c + c]!;
      }
      mean /= hw * per;
      let variance = 0;
      for (let p = 0; p < hw; p++) {
        for (let c = g * per; c < (g + 1) * per; c++) {
          variance += (x.data[(n * hw + p) * x.c + c]! - mean) ** 2;
        }
      }
      variance /= hw * per;
      const scale = 1 / Math.sqrt(variance + GROUP_NORM_EPS);
      for (let p = 0; p < hw; p++) {
        for (let c = g * per; c < (g + 1) * per; c++) {
          const i = (n * hw + p) * x.c + c;
          out[i] = (x.data[i]! - mean) * scale * gamma[c]! + beta[c]!;
        }
      }
    }
  }
  return { ...x, data: out };
}

function relu(x: Maps): Maps {
  return { ...x, data: x.data.map((v) => Math.max(0, v)) };
}

function add(a: Maps, b: Maps): Maps {
  return { ...a, data: a.data.map((v, i) => v + b.data[i]!) };
}

/** Outputs [n, classes] (row-major) of the CNN with base channels c and `groups` on images x. */
export function cnnForward64(
  theta: Float64Array,
  images: { n: number; h: number; w: number; c: number; data: ArrayLike<number> },
  opts: { baseChannels: number; classes: number; groups: number },
): Float64Array {
  const read = new Reader(theta);
  const convNorm = (x: Maps, k: number, cout: number, stride: number) => {
    const w = read.take(k * k * x.c * cout);
    const gamma = read.take(cout);
    const beta = read.take(cout);
    return groupNorm(conv(x, w, k, cout, stride), gamma, beta, opts.groups);
  };
  const c = opts.baseChannels;
  let h = relu(convNorm({ ...images, data: Float64Array.from(images.data) }, 3, c, 1));
  for (const [stage, cout] of [c, 2 * c, 4 * c].entries()) {
    for (let b = 0; b < 2; b++) {
      const stride = stage > 0 && b === 0 ? 2 : 1;
      const inner = relu(convNorm(h, 3, cout, stride));
      const out = convNorm(inner, 3, cout, 1);
      const skip = stride !== 1 || h.c !== cout ? convNorm(h, 1, cout, stride) : h;
      h = relu(add(out, skip));
    }
  }
  const headW = read.take(h.c * opts.classes);
  const headB = read.take(opts.classes);
  if (!read.done) throw new RangeError("cnnForward64: parameters left over");
  const logits = new Float64Array(h.n * opts.classes);
  const hw = h.h * h.w;
  for (let n = 0; n < h.n; n++) {
    for (let o = 0; o < opts.classes; o++) {
      let s = headB[o]!;
      for (let ch = 0; ch < h.c; ch++) {
        let pooled = 0;
        for (let p = 0; p < hw; p++) pooled += h.data[(n * hw + p) * h.c + ch]!;
        s += (pooled / hw) * headW[ch * opts.classes + o]!;
      }
      logits[n * opts.classes + o] = s;
    }
  }
  return logits;
}
