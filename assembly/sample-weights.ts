// Keras' per-sample weights as the loss and metric kernels read them: a pointer to one f32 per row,
// or 0 for none. An absent weight reads as exactly 1, and x·1 is x in IEEE arithmetic, so a kernel
// that multiplies by it stays bit-identical on the unweighted path.

/** Row r's sample weight, 1 where there are none. */
@inline export function rowWeight(weights: usize, r: i32): f32 {
  return weights ? load<f32>(weights + (<usize>r << 2)) : 1;
}
