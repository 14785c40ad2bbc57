// BatchNormalization's kernels. A tensor is read as [outer, channels, inner] (row-major): channel c
// is normalized over its outer·inner elements. Keras' default axis −1 is inner = 1, where a row
// holds one element of every channel and f32x4 runs across 4 channels; any other axis has runs of
// `inner` contiguous elements per channel, and f32x4 runs along them.
import { Scratch } from './memory';

/** Per-channel coefficients of the last call (4 arrays of `channels` floats), kept for reuse. */
const coefficients = new Scratch();

/** What channelSums adds up per element: a, (a − centre)², or b·(a − centre). */
const enum Term {
  Plain = 0,
  Squared = 1,
  Product = 2,
}

@inline function term4(kind: i32, a: v128, b: v128, centre: v128): v128 {
  if (kind == Term.Plain) return a;
  const d = f32x4.sub(a, centre);
  return kind == Term.Squared ? f32x4.mul(d, d) : f32x4.mul(b, d);
}

@inline function term(kind: i32, a: f32, b: f32, centre: f32): f32 {
  if (kind == Term.Plain) return a;
  const d = a - centre;
  return kind == Term.Squared ? d * d : b * d;
}

/** out[c] = Σ over channel c's elements of the term; b and centre are read only by the terms that use them. */
function channelSums(kind: i32, a: usize, b: usize, centre: usize, outer: i32, channels: i32, inner: i32, out: usize): void {
  memory.fill(out, 0, <usize>channels << 2);
  const zero = f32x4.splat(0);
  if (inner == 1) {
    for (let o = 0; o < outer; o++) {
      const row = <usize>o * channels << 2;
      let c = 0;
      for (; c + 4 <= channels; c += 4) {
        const at = <usize>c << 2;
        const t = term4(kind, v128.load(a + row + at), kind == Term.Product ? v128.load(b + row + at) : zero, kind == Term.Plain ? zero : v128.load(centre + at));
        v128.store(out + at, f32x4.add(v128.load(out + at), t));
      }
      for (; c < channels; c++) {
        const at = <usize>c << 2;
        const t = term(kind, load<f32>(a + row + at), kind == Term.Product ? load<f32>(b + row + at) : 0, kind == Term.Plain ? 0 : load<f32>(centre + at));
        store<f32>(out + at, load<f32>(out + at) + t);
      }
    }
    return;
  }
  for (let c = 0; c < channels; c++) {
    const m: f32 = kind == Term.Plain ? 0 : load<f32>(centre + (<usize>c << 2));
    const m4 = f32x4.splat(m);
    let total: f32 = 0;
    for (let o = 0; o < outer; o++) {
      const run = (<usize>o * channels + c) * inner << 2;
      let acc = zero;
      let j = 0;
      for (; j + 4 <= inner; j += 4) {
        const at = run + (<usize>j << 2);
        acc = f32x4.add(acc, term4(kind, v128.load(a + at), kind == Term.Product ? v128.load(b + at) : zero, m4));
      }
      let tail: f32 = 0;
      for (; j < inner; j++) {
        const at = run + (<usize>j << 2);
        tail += term(kind, load<f32>(a + at), kind == Term.Product ? load<f32>(b + at) : 0, m);
      }
      total += f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3) + tail;
    }
    store<f32>(out + (<usize>c << 2), total);
  }
}

/**
 * out[i] (+)= k[c]·dy[i] + q[c]·(x[i] − centre[c]) + r[c] for channel c of element i; dy = 0 drops
 * its term (the forward pass). Both passes are this one affine map with per-channel coefficients.
 */
function channelAffine(dy: usize, x: usize, centre: usize, k: usize, q: usize, r: usize, outer: i32, channels: i32, inner: i32, out: usize, accumulate: bool): void {
  if (inner == 1) {
    const rowBytes = <usize>channels << 2;
    const vectorBytes = rowBytes & ~15;
    for (let xRow = x, dyRow = dy, outRow = out, end = x + <usize>outer * rowBytes; xRow < end; xRow += rowBytes, outRow += rowBytes) {
      let at: usize = 0;
      for (; at < vectorBytes; at += 16) {
        let v = f32x4.add(f32x4.mul(v128.load(q + at), f32x4.sub(v128.load(xRow + at), v128.load(centre + at))), v128.load(r + at));
        if (dy) v = f32x4.add(v, f32x4.mul(v128.load(k + at), v128.load(dyRow + at)));
        if (accumulate) v = f32x4.add(v, v128.load(outRow + at));
        v128.store(outRow + at, v);
      }
      for (; at < rowBytes; at += 4) {
        let v = load<f32>(q + at) * (load<f32>(xRow + at) - load<f32>(centre + at)) + load<f32>(r + at);
        if (dy) v += load<f32>(k + at) * load<f32>(dyRow + at);
        if (accumulate) v += load<f32>(outRow + at);
        store<f32>(outRow + at, v);
      }
      if (dy) dyRow += rowBytes;
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const at = <usize>c << 2;
      const kc = load<f32>(k + at), qc = load<f32>(q + at), rc = load<f32>(r + at), mc = load<f32>(centre + at);
      const k4 = f32x4.splat(kc), q4 = f32x4.splat(qc), r4 = f32x4.splat(rc), m4 = f32x4.splat(mc);
      const run = (<usize>o * channels + c) * inner << 2;
      let j = 0;
      for (; j + 4 <= inner; j += 4) {
        const e = run + (<usize>j << 2);
        let v = f32x4.add(f32x4.mul(q4, f32x4.sub(v128.load(x + e), m4)), r4);
        if (dy) v = f32x4.add(v, f32x4.mul(k4, v128.load(dy + e)));
        if (accumulate) v = f32x4.add(v, v128.load(out + e));
        v128.store(out + e, v);
      }
      for (; j < inner; j++) {
        const e = run + (<usize>j << 2);
        let v = qc * (load<f32>(x + e) - mc) + rc;
        if (dy) v += kc * load<f32>(dy + e);
        if (accumulate) v += load<f32>(out + e);
        store<f32>(out + e, v);
      }
    }
  }
}

@inline function inverseStd(variance: usize, c: i32, epsilon: f32): f32 {
  return 1 / sqrt<f32>(load<f32>(variance + (<usize>c << 2)) + epsilon);
}

/**
 * mean[c] and the biased variance[c] (divided by the count, as tf.nn.moments and Keras' moving
 * statistics use it) of each channel; the variance is a second pass over x − mean, which keeps
 * the precision a single pass of Σx² − (Σx)²/n loses when the mean is large.
 */
export function channelMoments(x: usize, outer: i32, channels: i32, inner: i32, mean: usize, variance: usize): void {
  const scale: f32 = 1 / <f32>(outer * inner);
  channelSums(Term.Plain, x, 0, 0, outer, channels, inner, mean);
  for (let c = 0; c < channels; c++) store<f32>(mean + (<usize>c << 2), load<f32>(mean + (<usize>c << 2)) * scale);
  channelSums(Term.Squared, x, 0, mean, outer, channels, inner, variance);
  for (let c = 0; c < channels; c++) store<f32>(variance + (<usize>c << 2), load<f32>(variance + (<usize>c << 2)) * scale);
}

/** y = gamma·(x − mean)/√(variance + ε) + beta per channel; gamma or beta 0 when absent (scale or center off). */
export function batchNormForward(x: usize, y: usize, outer: i32, channels: i32, inner: i32, mean: usize, variance: usize, gamma: usize, beta: usize, epsilon: f32): void {
  const bytes = <usize>channels << 2;
  const scale = coefficients.ensure(bytes * 2);
  const shift = scale + bytes;
  for (let c = 0; c < channels; c++) {
    const at = <usize>c << 2;
    store<f32>(scale + at, (gamma ? load<f32>(gamma + at) : 1) * inverseStd(variance, c, epsilon));
    store<f32>(shift + at, beta ? load<f32>(beta + at) : 0);
  }
  channelAffine(0, x, mean, 0, scale, shift, outer, channels, inner, y, false);
}

/**
 * The gradient of batchNormForward given dy: dbeta = Σ dy and dgamma = Σ dy·x̂ per channel
 * (written where not 0), and dx (+)= gamma/√(var + ε)·(dy − mean(dy) − x̂·mean(dy·x̂)) when the
 * mean and variance were the batch's own (`throughStats`), else gamma/√(var + ε)·dy (the moving
 * statistics are constants). dx 0: only the parameter gradients.
 */
export function batchNormBackward(
  dy: usize, x: usize, outer: i32, channels: i32, inner: i32, mean: usize, variance: usize, gamma: usize, epsilon: f32,
  dgamma: usize, dbeta: usize, dx: usize, throughStats: bool, accumulate: bool,
): void {
  const bytes = <usize>channels << 2;
  const sumDy = coefficients.ensure(bytes * 4);
  const sumDyCentred = sumDy + bytes;
  const q = sumDyCentred + bytes;
  const k = q + bytes;
  channelSums(Term.Plain, dy, 0, 0, outer, channels, inner, sumDy);
  channelSums(Term.Product, x, dy, mean, outer, channels, inner, sumDyCentred);
  const count: f32 = <f32>(outer * inner);
  for (let c = 0; c < channels; c++) {
    const at = <usize>c << 2;
    const inv = inverseStd(variance, c, epsilon);
    const dg = load<f32>(sumDyCentred + at) * inv;
    const db = load<f32>(sumDy + at);
    if (dgamma) store<f32>(dgamma + at, dg);
    if (dbeta) store<f32>(dbeta + at, db);
    const kc = (gamma ? load<f32>(gamma + at) : 1) * inv;
    store<f32>(k + at, kc);
    // dx = k·dy + q·(x − mean) + r: q and r are the terms through the batch mean and variance.
    store<f32>(q + at, throughStats ? (-kc * dg * inv) / count : 0);
    store<f32>(sumDy + at, throughStats ? (-kc * db) / count : 0);
  }
  if (dx) channelAffine(dy, x, mean, k, q, sumDy, outer, channels, inner, dx, accumulate);
}
