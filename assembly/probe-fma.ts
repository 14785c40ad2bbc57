// Relaxed-SIMD (fused multiply-add) variant of the peak probe in probe.ts; needs a runtime with
// relaxed SIMD (Node 20: --experimental-wasm-relaxed-simd).
/** Same with relaxed-SIMD fused multiply-add (2 FLOPs per lane per instruction). */
export function peakFma(iters: i32, seed: f32): f32 {
  const s = f32x4.splat(seed);
  const m = f32x4.splat(0.999999);
  let c0 = s, c1 = f32x4.add(s, s), c2 = f32x4.mul(s, s), c3 = f32x4.sub(s, m), c4 = f32x4.add(s, m), c5 = f32x4.mul(s, m);
  let c6 = f32x4.neg(s), c7 = f32x4.neg(c1), c8 = f32x4.neg(c2), c9 = f32x4.neg(c3), c10 = f32x4.neg(c4), c11 = f32x4.neg(c5);
  const b0 = f32x4.splat(1e-7 * seed), b1 = f32x4.splat(-1e-7 * seed);
  for (let i = 0; i < iters; i++) {
    c0 = f32x4.relaxed_madd(c0, m, b0); c1 = f32x4.relaxed_madd(c1, m, b1);
    c2 = f32x4.relaxed_madd(c2, m, b0); c3 = f32x4.relaxed_madd(c3, m, b1);
    c4 = f32x4.relaxed_madd(c4, m, b0); c5 = f32x4.relaxed_madd(c5, m, b1);
    c6 = f32x4.relaxed_madd(c6, m, b0); c7 = f32x4.relaxed_madd(c7, m, b1);
    c8 = f32x4.relaxed_madd(c8, m, b0); c9 = f32x4.relaxed_madd(c9, m, b1);
    c10 = f32x4.relaxed_madd(c10, m, b0); c11 = f32x4.relaxed_madd(c11, m, b1);
  }
  const t = f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7)));
  const u = f32x4.add(t, f32x4.add(f32x4.add(c8, c9), f32x4.add(c10, c11)));
  return f32x4.extract_lane(u, 0) + f32x4.extract_lane(u, 1) + f32x4.extract_lane(u, 2) + f32x4.extract_lane(u, 3);
}
