import { checkOptions } from '../../options.js';
import { ValueError, describe } from '../../errors.js';
import { Tensor, type DType } from '../../tensor.js';

export interface PadSequencesOptions {
  /** Output length; defaults to the longest sequence. */
  maxlen?: number;
  /** Element type of the result. Default 'int32'. */
  dtype?: DType;
  /** Pad at the start ('pre', the default) or the end ('post'). */
  padding?: 'pre' | 'post';
  /** Drop values from the start ('pre', the default) or the end ('post') of longer sequences. */
  truncating?: 'pre' | 'post';
  /** Padding value. Default 0. */
  value?: number;
}

/** Pads or truncates sequences to one length, like `keras.utils.pad_sequences`: [n, maxlen]. */
export function padSequences(sequences: readonly (readonly number[])[], options: PadSequencesOptions = {}): Tensor {
  if (!Array.isArray(sequences)) throw new ValueError(`padSequences(sequences): expected an array of sequences, received ${describe(sequences)}`);
  checkOptions(options, ['maxlen', 'dtype', 'padding', 'truncating', 'value'], 'padSequences');
  const { dtype = 'int32', padding = 'pre', truncating = 'pre', value = 0 } = options;
  if (padding !== 'pre' && padding !== 'post') throw new ValueError(`padSequences(options.padding): expected 'pre' or 'post', received ${describe(padding)}`);
  if (truncating !== 'pre' && truncating !== 'post') throw new ValueError(`padSequences(options.truncating): expected 'pre' or 'post', received ${describe(truncating)}`);
  sequences.forEach((s, i) => {
    if (!Array.isArray(s)) throw new ValueError(`padSequences(sequences): expected sequence ${i} to be an array, received ${describe(s)}`);
  });
  const maxlen = options.maxlen ?? sequences.reduce((m, s) => Math.max(m, s.length), 0);
  if (!Number.isInteger(maxlen) || maxlen < 0) throw new ValueError(`padSequences(options.maxlen): expected a non-negative integer, received ${describe(maxlen)}`);
  const n = sequences.length;
  const out = dtype === 'float32' ? new Float32Array(n * maxlen) : dtype === 'int32' ? new Int32Array(n * maxlen) : new Uint8Array(n * maxlen);
  out.fill(value);
  sequences.forEach((s, i) => {
    if (s.length === 0 || maxlen === 0) return;
    const kept = s.length <= maxlen ? s : truncating === 'pre' ? s.slice(s.length - maxlen) : s.slice(0, maxlen);
    const offset = i * maxlen + (padding === 'post' ? 0 : maxlen - kept.length);
    for (let j = 0; j < kept.length; j++) {
      const v = kept[j]!;
      if (typeof v !== 'number') throw new ValueError(`padSequences(sequences): expected numbers, received ${describe(v)} in sequence ${i}`);
      out[offset + j] = v;
    }
  });
  return new Tensor(out, [n, maxlen]);
}
