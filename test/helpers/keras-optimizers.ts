// Float64 transcriptions of Keras' update rules (keras/src/optimizers/adamw.py, nadam.py, adamax.py,
// with the decoupled weight decay of optimizer.py's _apply_weight_decay), written from the Keras
// formulas, not from assembly/optimizers.ts, so that the kernels are checked against the spec.

/** One float64 step of a rule on weights w with gradient g and state slots, at step t (from 1). */
export type KerasRule = { slots: number; step: (w: Float64Array, g: Float64Array, state: Float64Array[], t: number) => void };

/** AdamW: w -= w·wd·lr first; then Adam with alpha = lr·√(1-β₂ᵗ)/(1-β₁ᵗ) and ε added to √v. */
export const kerasAdamW = (lr: number, weightDecay: number, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7): KerasRule => ({
  slots: 2,
  step: (w, g, [m, v], t) => {
    const alpha = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
    w.forEach((_, i) => {
      w[i] = w[i]! - w[i]! * weightDecay * lr;
      m![i] = m![i]! + (g[i]! - m![i]!) * (1 - beta1);
      v![i] = v![i]! + (g[i]! ** 2 - v![i]!) * (1 - beta2);
      w[i] = w[i]! - (m![i]! * alpha) / (Math.sqrt(v![i]!) + epsilon);
    });
  },
});

/** Nadam (Keras ≥ 2.11): μₜ = β₁(1 − ½·0.96ᵗ), Πₜ = μ₁⋯μₜ; m̂ = μₜ₊₁m/(1−Πₜ₊₁) + (1−μₜ)g/(1−Πₜ). */
export const kerasNadam = (lr: number, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7): KerasRule => ({
  slots: 2,
  step: (w, g, [m, v], t) => {
    const mu = (k: number): number => beta1 * (1 - 0.5 * 0.96 ** k);
    let product = 1;
    for (let k = 1; k <= t; k++) product *= mu(k);
    const productNext = product * mu(t + 1);
    w.forEach((_, i) => {
      m![i] = m![i]! + (g[i]! - m![i]!) * (1 - beta1);
      v![i] = v![i]! + (g[i]! ** 2 - v![i]!) * (1 - beta2);
      const mHat = (mu(t + 1) * m![i]!) / (1 - productNext) + ((1 - mu(t)) * g[i]!) / (1 - product);
      const vHat = v![i]! / (1 - beta2 ** t);
      w[i] = w[i]! - (mHat * lr) / (Math.sqrt(vHat) + epsilon);
    });
  },
});

/** Adamax: u = max(β₂u, |g|); w -= lr·m/((1-β₁ᵗ)(u + ε)). */
export const kerasAdamax = (lr: number, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7): KerasRule => ({
  slots: 2,
  step: (w, g, [m, u], t) => w.forEach((_, i) => {
    m![i] = m![i]! + (g[i]! - m![i]!) * (1 - beta1);
    u![i] = Math.max(beta2 * u![i]!, Math.abs(g[i]!));
    w[i] = w[i]! - (lr * m![i]!) / ((1 - beta1 ** t) * (u![i]! + epsilon));
  }),
});
