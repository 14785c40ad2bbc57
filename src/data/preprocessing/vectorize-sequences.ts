import { ValueError, describe } from '../../errors.js';
import { Tensor } from '../../tensor.js';

/**
 * Multi-hot encodes word-index sequences (the Deep Learning with Python recipe): row i has a 1 at
 * every index that occurs in sequence i. float32 [n, dimension].
 */
export function vectorizeSequences(sequences: readonly (readonly number[])[], dimension = 10000): Tensor<'float32'> {
  if (!Number.isInteger(dimension) || dimension < 1) {
    throw new ValueError(`vectorizeSequences(dimension): expected a positive integer, received ${describe(dimension)}`);
  }
  if (!Array.isArray(sequences)) throw new ValueError(`vectorizeSequences(sequences): expected an array of sequences, received ${describe(sequences)}`);
  const out = new Float32Array(sequences.length * dimension);
  sequences.forEach((seq, i) => {
    for (const w of seq) {
      if (!Number.isInteger(w) || w < 0 || w >= dimension) {
        throw new ValueError(`vectorizeSequences(sequences): expected indices in [0, ${dimension}), received ${describe(w)} in sequence ${i}`);
      }
      out[i * dimension + w] = 1;
    }
  });
  return new Tensor(out, [sequences.length, dimension]);
}
