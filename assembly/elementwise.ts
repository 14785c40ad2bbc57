// Kernels of the graph layers that move or combine whole tensors (merges, Concatenate, Dropout,
// regularizers). Every writer has an `accumulate` mode, out = out + ..., so that a tensor read by
// several layers receives the sum of their gradients with no extra pass and no temporary.

/**
 * out ← op(a, b) element by element; the TypeScript side's ELEMENTWISE_CODES is generated from this
 * declaration (scripts/boundary.mjs).
 * @boundary ELEMENTWISE_CODES
 */
export const enum ElementwiseOp {
  /** a (b is not read) */
  Copy = 0,
  Add = 1,
  Subtract = 2,
  Multiply = 3,
  Maximum = 4,
}

@inline function combine(op: i32, x: v128, y: v128): v128 {
  if (op == ElementwiseOp.Add) return f32x4.add(x, y);
  if (op == ElementwiseOp.Subtract) return f32x4.sub(x, y);
  if (op == ElementwiseOp.Multiply) return f32x4.mul(x, y);
  if (op == ElementwiseOp.Maximum) return f32x4.max(x, y);
  return x;
}

@inline function combineScalar(op: i32, x: f32, y: f32): f32 {
  if (op == ElementwiseOp.Add) return x + y;
  if (op == ElementwiseOp.Subtract) return x - y;
  if (op == ElementwiseOp.Multiply) return x * y;
  if (op == ElementwiseOp.Maximum) return max(x, y);
  return x;
}

/**
 * out[i] = (accumulate ? out[i] : 0) + alpha·op(a[i], b[i]) for i < n. `out` may be `a` or `b`
 * (each element is read before it is written), which the merges use to fold k inputs in place.
 */
export function elementwise(op: i32, a: usize, b: usize, out: usize, n: i32, alpha: f32, accumulate: bool): void {
  const scale = f32x4.splat(alpha);
  const plain = alpha == 1;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    let v = combine(op, v128.load(a + o), op == ElementwiseOp.Copy ? f32x4.splat(0) : v128.load(b + o));
    if (!plain) v = f32x4.mul(v, scale);
    if (accumulate) v = f32x4.add(v, v128.load(out + o));
    v128.store(out + o, v);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    let v = alpha * combineScalar(op, load<f32>(a + o), op == ElementwiseOp.Copy ? 0 : load<f32>(b + o));
    if (accumulate) v += load<f32>(out + o);
    store<f32>(out + o, v);
  }
}

/**
 * dst[r·dstStride + dstOffset + c] (+)= src[r·srcStride + srcOffset + c] for r < rows, c < cols
 * (strides and offsets in elements): Concatenate's forward writes each input into its columns of
 * the output, its backward reads them back out of the output's gradient.
 */
export function copyBlock(src: usize, srcStride: i32, srcOffset: i32, dst: usize, dstStride: i32, dstOffset: i32, rows: i32, cols: i32, accumulate: bool): void {
  for (let r = 0; r < rows; r++) {
    const s = src + ((<usize>r * srcStride + srcOffset) << 2);
    const d = dst + ((<usize>r * dstStride + dstOffset) << 2);
    if (accumulate) elementwise(ElementwiseOp.Add, d, s, d, cols, 1, false);
    else memory.copy(d, s, <usize>cols << 2);
  }
}

/**
 * The gradient of a Maximum merge for one input x of output y: dx (+)= dy where x[i] == y[i] and
 * no earlier input took element i (`taken`, zeroed before the first input, marks it taken). Ties go
 * to the earlier input, as TensorFlow's chain of maximum(a, b) ops sends them (to a where a ≥ b).
 * With dx = 0 it only marks the elements x takes.
 */
export function maximumGrad(dy: usize, x: usize, y: usize, taken: usize, dx: usize, n: i32, accumulate: bool): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    let g: f32 = 0;
    if (load<f32>(taken + o) == 0 && load<f32>(x + o) == load<f32>(y + o)) {
      g = load<f32>(dy + o);
      store<f32>(taken + o, 1);
    }
    if (dx) store<f32>(dx + o, accumulate ? load<f32>(dx + o) + g : g);
  }
}

/**
 * Keras' L1L2 regularizer on x[0..n): returns Σ l1·|x| + l2·x², and when `grad` is not 0 adds
 * gradScale·(l1·sign(x) + 2·l2·x) to it (sign(0) = 0, as tf.sign). A kernel regularizer has
 * gradScale 1; an activity regularizer, averaged over the batch as Keras does, 1/rows.
 */
export function l1l2Penalty(x: usize, grad: usize, n: i32, l1: f32, l2: f32, gradScale: f32): f64 {
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    total += <f64>(l1 * abs(v) + l2 * v * v);
    if (grad) {
      const sign: f32 = v > 0 ? 1 : v < 0 ? -1 : 0;
      store<f32>(grad + o, load<f32>(grad + o) + gradScale * (l1 * sign + 2 * l2 * v));
    }
  }
  return total;
}
