// Activations forward (in place) and backward (from the layer's output, as tfjs' gradients do:
// relu by the sign of its output, sigmoid and tanh from y, softmax by the Jacobian-vector product).

/**
 * The activation codes every kernel takes; the TypeScript side's ACTIVATION_CODES is generated
 * from this declaration (scripts/boundary.mjs).
 * @boundary ACTIVATION_CODES
 */
export const enum Activation {
  Linear = 0,
  Relu = 1,
  Sigmoid = 2,
  Tanh = 3,
  Softmax = 4,
}

@inline function softmaxRow(x: usize, cols: i32): void {
  let maxv = load<f32>(x);
  for (let j = 1; j < cols; j++) maxv = max(maxv, load<f32>(x + (<usize>j << 2)));
  let sum: f32 = 0;
  for (let j = 0; j < cols; j++) {
    const p = x + (<usize>j << 2);
    const e = Mathf.exp(load<f32>(p) - maxv);
    store<f32>(p, e);
    sum += e;
  }
  for (let j = 0; j < cols; j++) {
    const p = x + (<usize>j << 2);
    store<f32>(p, load<f32>(p) / sum);
  }
}

/** Applies the activation in place to a rows×cols row-major matrix. */
export function applyActivation(activation: i32, x: usize, rows: i32, cols: i32): void {
  const n = <usize>rows * cols;
  switch (activation) {
    case Activation.Relu: {
      const z = f32x4.splat(0);
      let i: usize = 0;
      for (; i + 4 <= n; i += 4) v128.store(x + (i << 2), f32x4.max(v128.load(x + (i << 2)), z));
      for (; i < n; i++) store<f32>(x + (i << 2), max(load<f32>(x + (i << 2)), 0));
      break;
    }
    case Activation.Sigmoid: {
      for (let i: usize = 0; i < n; i++) {
        const p = x + (i << 2);
        store<f32>(p, 1 / (1 + Mathf.exp(-load<f32>(p))));
      }
      break;
    }
    case Activation.Tanh: {
      for (let i: usize = 0; i < n; i++) {
        const p = x + (i << 2);
        store<f32>(p, Mathf.tanh(load<f32>(p)));
      }
      break;
    }
    case Activation.Softmax: {
      for (let r = 0; r < rows; r++) softmaxRow(x + ((<usize>r * cols) << 2), cols);
      break;
    }
    default:
      break;
  }
}

/**
 * One row of the backward pass: d ← d · ∂act/∂z, given y = act(z). Kept inline so that the loss
 * kernels can fuse it into the same pass over the output row.
 */
@inline export function activationBackwardRow(activation: i32, y: usize, d: usize, cols: i32): void {
  switch (activation) {
    case Activation.Relu: {
      for (let j = 0; j < cols; j++) {
        const o = <usize>j << 2;
        if (!(load<f32>(y + o) > 0)) store<f32>(d + o, 0);
      }
      break;
    }
    case Activation.Sigmoid: {
      for (let j = 0; j < cols; j++) {
        const o = <usize>j << 2;
        const v = load<f32>(y + o);
        store<f32>(d + o, load<f32>(d + o) * v * (1 - v));
      }
      break;
    }
    case Activation.Tanh: {
      for (let j = 0; j < cols; j++) {
        const o = <usize>j << 2;
        const v = load<f32>(y + o);
        store<f32>(d + o, load<f32>(d + o) * (1 - v * v));
      }
      break;
    }
    case Activation.Softmax: {
      let dot: f32 = 0;
      for (let j = 0; j < cols; j++) {
        const o = <usize>j << 2;
        dot += load<f32>(y + o) * load<f32>(d + o);
      }
      for (let j = 0; j < cols; j++) {
        const o = <usize>j << 2;
        const v = load<f32>(y + o);
        store<f32>(d + o, v * load<f32>(d + o) - dot * v);
      }
      break;
    }
    default:
      break;
  }
}

/** Backward of an activation over a rows×cols matrix, in place on the upstream gradient d. */
export function activationBackward(activation: i32, y: usize, d: usize, rows: i32, cols: i32): void {
  if (activation == Activation.Relu) {
    // Elementwise: one SIMD pass over the whole matrix.
    const n = <usize>rows * cols;
    const z = f32x4.splat(0);
    let i: usize = 0;
    for (; i + 4 <= n; i += 4) {
      const o = i << 2;
      v128.store(d + o, v128.and(v128.load(d + o), f32x4.gt(v128.load(y + o), z)));
    }
    for (; i < n; i++) if (!(load<f32>(y + (i << 2)) > 0)) store<f32>(d + (i << 2), 0);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const o = (<usize>r * cols) << 2;
    activationBackwardRow(activation, y + o, d + o, cols);
  }
}
