// Optimizer updates, in place on Wasm memory, one call per parameter tensor. The formulas and the
// order of operations follow tfjs-core's optimizers (epsilon inside the square root for RMSprop and
// Adagrad, bias correction through accumulated beta powers for Adam), so that weights track
// TensorFlow.js step for step.

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

// The state a rule decays (moments, velocities, running maxima) is flushed to +0 once it falls below
// the smallest normal f32, as TensorFlow's CPU kernels run with flush-to-zero (ScopedFlushDenormal)
// and WebAssembly has no such mode. Without it, a weight whose gradient stays 0 (a pixel that is
// blank in most images) decays its first moment through the subnormal range for hundreds of steps,
// and subnormal arithmetic runs several times slower: on Fashion-MNIST, 5,000 of the first layer's
// 78,400 moments were subnormal after one epoch and its Adam update took 150 µs instead of 84.
const MIN_NORMAL: f32 = 1.17549435e-38;

@inline function flush4(x: v128): v128 {
  return v128.andnot(x, f32x4.lt(f32x4.abs(x), f32x4.splat(MIN_NORMAL)));
}

@inline function flush(x: f32): f32 {
  return Mathf.abs(x) < MIN_NORMAL ? 0 : x;
}

/** w ← w - lr·g */
export function sgdUpdate(w: usize, g: usize, n: i32, lr: f32): void {
  const vlr = f32x4.splat(-lr);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(w, i), f32x4.add(f32x4.mul(vlr, v128.load(at(g, i))), v128.load(at(w, i))));
  for (; i < n; i++) store<f32>(at(w, i), -lr * load<f32>(at(g, i)) + load<f32>(at(w, i)));
}

/** a ← m·a + g (flushed);  w ← w - lr·(nesterov ? g + m·a : a) */
export function momentumUpdate(w: usize, g: usize, acc: usize, n: i32, lr: f32, momentum: f32, nesterov: bool): void {
  const vm = f32x4.splat(momentum), vlr = f32x4.splat(-lr);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const gi = v128.load(at(g, i));
    const a = flush4(f32x4.add(f32x4.mul(vm, v128.load(at(acc, i))), gi));
    v128.store(at(acc, i), a);
    const step = nesterov ? f32x4.add(gi, f32x4.mul(a, vm)) : a;
    v128.store(at(w, i), f32x4.add(f32x4.mul(vlr, step), v128.load(at(w, i))));
  }
  for (; i < n; i++) {
    const gi = load<f32>(at(g, i));
    const a = flush(momentum * load<f32>(at(acc, i)) + gi);
    store<f32>(at(acc, i), a);
    const step = nesterov ? gi + a * momentum : a;
    store<f32>(at(w, i), -lr * step + load<f32>(at(w, i)));
  }
}

/**
 * ms ← rho·ms + (1-rho)·g²; (centered: mg ← rho·mg + (1-rho)·g, denominator ms - mg²);
 * mom ← momentum·mom + lr·g/√(denominator + eps); w ← w - mom. With momentum 0 the moment slot is
 * not read (mom may be 0). ms, mg and mom are flushed. The SIMD lanes round exactly as the scalar tail does (IEEE f32 ops), so
 * results do not depend on n's remainder.
 */
export function rmspropUpdate(
  w: usize, g: usize, ms: usize, mom: usize, mg: usize, n: i32,
  lr: f32, rho: f32, momentum: f32, epsilon: f32, centered: bool,
): void {
  const oneMinusRho: f32 = 1 - rho;
  const vrho = f32x4.splat(rho), v1rho = f32x4.splat(oneMinusRho), vlr = f32x4.splat(lr);
  const veps = f32x4.splat(epsilon), vmomentum = f32x4.splat(momentum);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const gi = v128.load(at(g, i));
    const s = flush4(f32x4.add(f32x4.mul(v128.load(at(ms, i)), vrho), f32x4.mul(f32x4.mul(gi, gi), v1rho)));
    v128.store(at(ms, i), s);
    let denominator = s;
    if (centered) {
      const m = flush4(f32x4.add(f32x4.mul(v128.load(at(mg, i)), vrho), f32x4.mul(gi, v1rho)));
      v128.store(at(mg, i), m);
      denominator = f32x4.sub(s, f32x4.mul(m, m));
    }
    let step = f32x4.div(f32x4.mul(gi, vlr), f32x4.sqrt(f32x4.add(denominator, veps)));
    if (mom) {
      step = flush4(f32x4.add(f32x4.mul(v128.load(at(mom, i)), vmomentum), step));
      v128.store(at(mom, i), step);
    }
    v128.store(at(w, i), f32x4.sub(v128.load(at(w, i)), step));
  }
  for (; i < n; i++) {
    const gi = load<f32>(at(g, i));
    const s = flush(load<f32>(at(ms, i)) * rho + gi * gi * oneMinusRho);
    store<f32>(at(ms, i), s);
    let denominator = s;
    if (centered) {
      const m = flush(load<f32>(at(mg, i)) * rho + gi * oneMinusRho);
      store<f32>(at(mg, i), m);
      denominator = s - m * m;
    }
    let step = (gi * lr) / Mathf.sqrt(denominator + epsilon);
    if (mom) {
      step = flush(load<f32>(at(mom, i)) * momentum + step);
      store<f32>(at(mom, i), step);
    }
    store<f32>(at(w, i), load<f32>(at(w, i)) - step);
  }
}

/**
 * m ← b1·m + (1-b1)·g; v ← b2·v + (1-b2)·g² (both flushed); w ← w - lr·(m/c1)/(√(v/c2) + eps), where
 * c1 = 1 - b1^t and c2 = 1 - b2^t are passed in by the caller, who tracks t.
 */
export function adamUpdate(
  w: usize, g: usize, m: usize, v: usize, n: i32,
  lr: f32, beta1: f32, beta2: f32, epsilon: f32, c1: f32, c2: f32,
): void {
  const vb1 = f32x4.splat(beta1), vb2 = f32x4.splat(beta2);
  const v1b1 = f32x4.splat(1 - beta1), v1b2 = f32x4.splat(1 - beta2);
  const vc1 = f32x4.splat(c1), vc2 = f32x4.splat(c2);
  const veps = f32x4.splat(epsilon), vlr = f32x4.splat(-lr);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const gi = v128.load(at(g, i));
    const mi = flush4(f32x4.add(f32x4.mul(v128.load(at(m, i)), vb1), f32x4.mul(gi, v1b1)));
    const vi = flush4(f32x4.add(f32x4.mul(v128.load(at(v, i)), vb2), f32x4.mul(f32x4.mul(gi, gi), v1b2)));
    v128.store(at(m, i), mi);
    v128.store(at(v, i), vi);
    const step = f32x4.div(f32x4.div(mi, vc1), f32x4.add(f32x4.sqrt(f32x4.div(vi, vc2)), veps));
    v128.store(at(w, i), f32x4.add(f32x4.mul(step, vlr), v128.load(at(w, i))));
  }
  for (; i < n; i++) {
    const gi = load<f32>(at(g, i));
    const mi = flush(load<f32>(at(m, i)) * beta1 + gi * (1 - beta1));
    const vi = flush(load<f32>(at(v, i)) * beta2 + gi * gi * (1 - beta2));
    store<f32>(at(m, i), mi);
    store<f32>(at(v, i), vi);
    const step = (mi / c1) / (Mathf.sqrt(vi / c2) + epsilon);
    store<f32>(at(w, i), step * -lr + load<f32>(at(w, i)));
  }
}

/** acc ← acc + g²; w ← w - lr·g/√(acc + eps). The accumulator only grows, so it is not flushed. */
export function adagradUpdate(w: usize, g: usize, acc: usize, n: i32, lr: f32, epsilon: f32): void {
  const veps = f32x4.splat(epsilon), vlr = f32x4.splat(-lr);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const gi = v128.load(at(g, i));
    const a = f32x4.add(v128.load(at(acc, i)), f32x4.mul(gi, gi));
    v128.store(at(acc, i), a);
    v128.store(at(w, i), f32x4.add(f32x4.mul(f32x4.div(gi, f32x4.sqrt(f32x4.add(a, veps))), vlr), v128.load(at(w, i))));
  }
  for (; i < n; i++) {
    const gi = load<f32>(at(g, i));
    const a = load<f32>(at(acc, i)) + gi * gi;
    store<f32>(at(acc, i), a);
    store<f32>(at(w, i), (gi / Mathf.sqrt(a + epsilon)) * -lr + load<f32>(at(w, i)));
  }
}

// The rules below follow Keras (keras/src/optimizers/*.py) rather than tfjs-core, operation for
// operation: moments move by m ← m + (g - m)·(1 - b1), and the step-dependent factors (bias
// corrections, Nadam's momentum schedule) arrive as f32 scalars that the optimizer computes once per
// step, as Keras computes them once per step in the variable's dtype.

/** Keras' moving average in place, s ← s + (x - s)·a (flushed), on four lanes at p; returns the new s. */
@inline function moveMoment4(p: usize, x: v128, a: v128): v128 {
  const s = v128.load(p);
  const moved = flush4(f32x4.add(s, f32x4.mul(f32x4.sub(x, s), a)));
  v128.store(p, moved);
  return moved;
}

/** moveMoment4 on one element. */
@inline function moveMoment(p: usize, x: f32, a: f32): f32 {
  const s = load<f32>(p);
  const moved = flush(s + (x - s) * a);
  store<f32>(p, moved);
  return moved;
}

/**
 * Keras AdamW: w ← w - w·wd·lr (decoupled weight decay, applied before the step as Keras' base
 * optimizer does), then m ← m + (g - m)(1 - b1); v ← v + (g² - v)(1 - b2); w ← w - m·alpha/(√v + eps),
 * with alpha = lr·√(1 - b2^t)/(1 - b1^t). Keras adds eps to √v, not to √v̂ as tfjs' Adam does.
 */
export function adamwUpdate(
  w: usize, g: usize, m: usize, v: usize, n: i32,
  lr: f32, beta1: f32, beta2: f32, epsilon: f32, weightDecay: f32, alpha: f32,
): void {
  const v1b1 = f32x4.splat(1 - beta1), v1b2 = f32x4.splat(1 - beta2);
  const vwd = f32x4.splat(weightDecay), vlr = f32x4.splat(lr);
  const valpha = f32x4.splat(alpha), veps = f32x4.splat(epsilon);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const gi = v128.load(at(g, i));
    let wi = v128.load(at(w, i));
    wi = f32x4.sub(wi, f32x4.mul(f32x4.mul(wi, vwd), vlr));
    const mi = moveMoment4(at(m, i), gi, v1b1);
    const vi = moveMoment4(at(v, i), f32x4.mul(gi, gi), v1b2);
    v128.store(at(w, i), f32x4.sub(wi, f32x4.div(f32x4.mul(mi, valpha), f32x4.add(f32x4.sqrt(vi), veps))));
  }
  for (; i < n; i++) {
    const gi = load<f32>(at(g, i));
    let wi = load<f32>(at(w, i));
    wi = wi - wi * weightDecay * lr;
    const mi = moveMoment(at(m, i), gi, 1 - beta1);
    const vi = moveMoment(at(v, i), gi * gi, 1 - beta2);
    store<f32>(at(w, i), wi - (mi * alpha) / (Mathf.sqrt(vi) + epsilon));
  }
}

/**
 * Keras Nadam: m ← m + (g - m)(1 - b1); v ← v + (g² - v)(1 - b2);
 * m̂ = u_next·m/(1 - uProductNext) + (1 - u)·g/(1 - uProduct); v̂ = v/(1 - b2^t);
 * w ← w - m̂·lr/(√v̂ + eps), where u = b1·(1 - 0.5·0.96^t), u_next the same at t + 1, uProduct the
 * running product of u up to t and uProductNext = uProduct·u_next.
 */
export function nadamUpdate(
  w: usize, g: usize, m: usize, v: usize, n: i32,
  lr: f32, beta1: f32, beta2: f32, epsilon: f32, u: f32, uNext: f32, uProduct: f32, uProductNext: f32, beta2Power: f32,
): void {
  const v1b1 = f32x4.splat(1 - beta1), v1b2 = f32x4.splat(1 - beta2);
  const vuNext = f32x4.splat(uNext), v1u = f32x4.splat(1 - u);
  const vmDen = f32x4.splat(1 - uProductNext), vgDen = f32x4.splat(1 - uProduct);
  const vvDen = f32x4.splat(1 - beta2Power), vlr = f32x4.splat(lr), veps = f32x4.splat(epsilon);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const gi = v128.load(at(g, i));
    const mi = moveMoment4(at(m, i), gi, v1b1);
    const vi = moveMoment4(at(v, i), f32x4.mul(gi, gi), v1b2);
    const mHat = f32x4.add(f32x4.div(f32x4.mul(vuNext, mi), vmDen), f32x4.div(f32x4.mul(v1u, gi), vgDen));
    const vHat = f32x4.div(vi, vvDen);
    const step = f32x4.div(f32x4.mul(mHat, vlr), f32x4.add(f32x4.sqrt(vHat), veps));
    v128.store(at(w, i), f32x4.sub(v128.load(at(w, i)), step));
  }
  for (; i < n; i++) {
    const gi = load<f32>(at(g, i));
    const mi = moveMoment(at(m, i), gi, 1 - beta1);
    const vi = moveMoment(at(v, i), gi * gi, 1 - beta2);
    const mHat = (uNext * mi) / (1 - uProductNext) + ((1 - u) * gi) / (1 - uProduct);
    const vHat = vi / (1 - beta2Power);
    store<f32>(at(w, i), load<f32>(at(w, i)) - (mHat * lr) / (Mathf.sqrt(vHat) + epsilon));
  }
}

/**
 * Keras Adamax: m ← m + (g - m)(1 - b1); u ← max(b2·u, |g|) (both flushed); w ← w - lr·m/((1 - b1^t)·(u + eps)).
 * tfjs-core's Adamax computes the same in another order (lr/(1 - b1^t) first, m as b1·m + (1-b1)·g).
 */
export function adamaxUpdate(
  w: usize, g: usize, m: usize, u: usize, n: i32,
  lr: f32, beta1: f32, beta2: f32, epsilon: f32, beta1Power: f32,
): void {
  const v1b1 = f32x4.splat(1 - beta1), vb2 = f32x4.splat(beta2), vlr = f32x4.splat(lr);
  const vc1 = f32x4.splat(1 - beta1Power), veps = f32x4.splat(epsilon);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const gi = v128.load(at(g, i));
    const mi = moveMoment4(at(m, i), gi, v1b1);
    const ui = flush4(f32x4.max(f32x4.mul(vb2, v128.load(at(u, i))), f32x4.abs(gi)));
    v128.store(at(u, i), ui);
    const step = f32x4.div(f32x4.mul(vlr, mi), f32x4.mul(vc1, f32x4.add(ui, veps)));
    v128.store(at(w, i), f32x4.sub(v128.load(at(w, i)), step));
  }
  for (; i < n; i++) {
    const gi = load<f32>(at(g, i));
    const mi = moveMoment(at(m, i), gi, 1 - beta1);
    const ui = flush(Mathf.max(beta2 * load<f32>(at(u, i)), Mathf.abs(gi)));
    store<f32>(at(u, i), ui);
    store<f32>(at(w, i), load<f32>(at(w, i)) - (lr * mi) / ((1 - beta1Power) * (ui + epsilon)));
  }
}
