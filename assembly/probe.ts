// Register-only SIMD peak probe (not part of the shipped core; compiled separately by
// bench/lib/peak.mjs). Six independent f32x4 multiply chains and six independent f32x4 add
// chains keep both the multiply and the add pipes busy with no memory traffic: 48 FLOPs per
// unrolled step, the ceiling for any f32x4 kernel without fused multiply-add.
export function peak(iters: i32, seed: f32): f32 {
  const s = f32x4.splat(seed);
  const m = f32x4.splat(1.0000001), mi = f32x4.splat(0.9999999);
  const b = f32x4.splat(1e-3), bn = f32x4.splat(-1e-3);
  let p0 = s, p1 = f32x4.add(s, m), p2 = f32x4.add(s, b), p3 = f32x4.sub(s, b), p4 = f32x4.mul(s, m), p5 = f32x4.add(s, s);
  let q0 = f32x4.neg(p0), q1 = f32x4.neg(p1), q2 = f32x4.neg(p2), q3 = f32x4.neg(p3), q4 = f32x4.neg(p4), q5 = f32x4.neg(p5);
  for (let i = 0; i < iters; i++) {
    p0 = f32x4.mul(p0, m); p1 = f32x4.mul(p1, m); p2 = f32x4.mul(p2, m); p3 = f32x4.mul(p3, m); p4 = f32x4.mul(p4, m); p5 = f32x4.mul(p5, m);
    q0 = f32x4.add(q0, b); q1 = f32x4.add(q1, b); q2 = f32x4.add(q2, b); q3 = f32x4.add(q3, b); q4 = f32x4.add(q4, b); q5 = f32x4.add(q5, b);
    p0 = f32x4.mul(p0, mi); p1 = f32x4.mul(p1, mi); p2 = f32x4.mul(p2, mi); p3 = f32x4.mul(p3, mi); p4 = f32x4.mul(p4, mi); p5 = f32x4.mul(p5, mi);
    q0 = f32x4.add(q0, bn); q1 = f32x4.add(q1, bn); q2 = f32x4.add(q2, bn); q3 = f32x4.add(q3, bn); q4 = f32x4.add(q4, bn); q5 = f32x4.add(q5, bn);
  }
  const t = f32x4.add(f32x4.add(f32x4.add(p0, p1), f32x4.add(p2, p3)), f32x4.add(f32x4.add(p4, p5), f32x4.add(q0, q1)));
  const u = f32x4.add(t, f32x4.add(f32x4.add(q2, q3), f32x4.add(q4, q5)));
  return f32x4.extract_lane(u, 0) + f32x4.extract_lane(u, 1) + f32x4.extract_lane(u, 2) + f32x4.extract_lane(u, 3);
}
