/**
 * A ResNet-style CNN: a 3x3 stem conv, three stages of two residual blocks with c, 2c and 4c
 * channels (stride-2 downsampling at stages 2 and 3, 1x1 conv shortcut where the shape changes),
 * GroupNorm after every conv, global average pooling and a linear head. Convs carry no bias
 * (GroupNorm's shift plays that role) and pad like PyTorch's `padding=1` (see cnn_conv.ts). Conv
 * weights are He-normal (the head: PyTorch's Linear variance) from a seeded stream computed in
 * TypeScript, so the same seed gives the same network on every backend. The model is a flat list
 * of variables and an `apply(x)`, the shape the per-sample NTK and the trainers use.
 */
import * as tf from "@tensorflow/tfjs";
import { conv2dSame, matMulFast } from "./cnn_conv.ts";
import { groupNorm, groupsFor } from "./cnn_group_norm.ts";
import { type RandomStream, seededStream } from "../util/random.ts";

/** Options of the CNN. */
export interface CnnOptions {
  /** Input image shape [height, width, channels]. */
  inputShape: [number, number, number];
  /** Base channel count c (stages have c, 2c, 4c channels). */
  baseChannels: number;
  /** Number of outputs of the linear head. */
  classes: number;
  /** GroupNorm groups: each layer uses min(groups, channels), which must divide the channels. */
  groups: number;
  /** Seed of the initial weights. */
  seed: number;
}

/** A model as a flat list of trainable variables and a forward function. */
export interface CnnModel {
  variables: tf.Variable[];
  /** Forward pass: [n, H, W, C] images to [n, classes] outputs. */
  apply(x: tf.Tensor): tf.Tensor2D;
  /** Number of scalar parameters. */
  params: number;
  /** Releases the variables. */
  dispose(): void;
}

interface Norm {
  gamma: tf.Variable;
  beta: tf.Variable;
  groups: number;
}

interface Block {
  stride: number;
  conv1: tf.Variable;
  norm1: Norm;
  conv2: tf.Variable;
  norm2: Norm;
  shortcut: { conv: tf.Variable; norm: Norm } | null;
}

/**
 * Builds the CNN with seeded He-normal weights; refuses a group count that does not divide a
 * layer's channels.
 *
 * @example
 * const model = buildCnn({ inputShape: [32, 32, 3], baseChannels: 16, classes: 5, groups: 8, seed: 0 });
 * const logits = model.apply(x); // [n, 5]
 */
export function buildCnn(options: CnnOptions): CnnModel {
  const { inputShape, baseChannels: c, classes, groups, seed } = options;
  for (const [name, v] of [["baseChannels", c], ["classes", classes]] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`Cannot build CNN: ${name} must be a positive integer, got ${v}`);
    }
  }
  for (const ch of [c, 2 * c, 4 * c]) groupsFor(ch, groups);
  const stream = seededStream(seed, 0);
  const variables: tf.Variable[] = [];
  const add = (values: Float32Array, shape: number[]): tf.Variable => {
    const init = tf.tensor(values, shape);
    const v = tf.variable(init, true);
    init.dispose();
    variables.push(v);
    return v;
  };
  const conv = (k: number, cin: number, cout: number) =>
    add(heNormal(stream, k * k * cin, k * k * cin * cout), [k, k, cin, cout]);
  const norm = (ch: number): Norm => ({
    gamma: add(new Float32Array(ch).fill(1), [ch]),
    beta: add(new Float32Array(ch), [ch]),
    groups: groupsFor(ch, groups),
  });

  const stem = { conv: conv(3, inputShape[2], c), norm: norm(c) };
  const blocks: Block[] = [];
  let cin = c;
  for (const [stage, cout] of [c, 2 * c, 4 * c].entries()) {
    for (let b = 0; b < 2; b++) {
      const stride = stage > 0 && b === 0 ? 2 : 1;
      const conv1 = conv(3, cin, cout);
      const norm1 = norm(cout);
      const conv2 = conv(3, cout, cout);
      const norm2 = norm(cout);
      const shortcut = stride !== 1 || cin !== cout
        ? { conv: conv(1, cin, cout), norm: norm(cout) }
        : null;
      blocks.push({ stride, conv1, norm1, conv2, norm2, shortcut });
      cin = cout;
    }
  }
  // The head draws with PyTorch's default nn.Linear variance 1 / (3 fanIn) rather than He's
  // 2 / fanIn: with He the residual stream's positive pooled features give outputs of std ~3 at
  // init, and SGD spends its first epochs removing that offset (measured: accuracy 0.48 after 10
  // epochs at lr 0.05 against 0.90 with this head at lr 0.1, MNIST fallback, c = 8, n = 1000).
  const headW = add(scaledNormal(stream, 1 / Math.sqrt(3 * cin), cin * classes), [cin, classes]);
  const headB = add(new Float32Array(classes), [classes]);

  const normed = (x: tf.Tensor4D, n: Norm) =>
    groupNorm(x, n.gamma as tf.Tensor1D, n.beta as tf.Tensor1D, n.groups);
  const convOf = (x: tf.Tensor4D, w: tf.Variable, stride: number) =>
    conv2dSame(x, w as tf.Tensor4D, stride);

  const apply = (x: tf.Tensor): tf.Tensor2D =>
    tf.tidy(() => {
      let h = tf.relu(normed(convOf(x as tf.Tensor4D, stem.conv, 1), stem.norm));
      for (const block of blocks) {
        const inner = tf.relu(normed(convOf(h, block.conv1, block.stride), block.norm1));
        const out = normed(convOf(inner, block.conv2, 1), block.norm2);
        const skip = block.shortcut === null
          ? h
          : normed(convOf(h, block.shortcut.conv, block.stride), block.shortcut.norm);
        h = tf.relu(tf.add(out, skip));
      }
      const pooled = tf.mean(h, [1, 2]) as tf.Tensor2D;
      return tf.add(matMulFast(pooled, headW as tf.Tensor2D), headB) as tf.Tensor2D;
    });

  const params = variables.reduce((s, v) => s + v.size, 0);
  return { variables, apply, params, dispose: () => variables.forEach((v) => v.dispose()) };
}

/** `count` He-normal draws with variance 2 / fanIn. */
function heNormal(stream: RandomStream, fanIn: number, count: number): Float32Array {
  return scaledNormal(stream, Math.sqrt(2 / fanIn), count);
}

/** `count` normal draws with standard deviation `std`. */
function scaledNormal(stream: RandomStream, std: number, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = std * stream.normal();
  return out;
}
