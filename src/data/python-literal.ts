import { FormatError } from '../errors.js';

/** The values an .npy header may hold: `{'descr': '<f8', 'fortran_order': False, 'shape': (3,)}`. */
export type PyLiteral = string | number | boolean | null | PyLiteral[] | { [key: string]: PyLiteral };

/**
 * Parses the small subset of Python literal syntax numpy writes in .npy headers (dicts, tuples,
 * lists, quoted strings, integers, True/False/None). Tuples come back as arrays.
 */
const MAX_DEPTH = 32;
// Sticky, so a match starts at pos without copying the rest of the header for every value.
const WORD = /True|False|None|-?\d+L?/y;

export function parsePyLiteral(text: string, file: string): PyLiteral {
  let pos = 0;
  const fail = (expected: string): never => {
    throw new FormatError(`${file}: malformed .npy header, expected ${expected} at column ${pos}, received ${JSON.stringify(text.slice(pos, pos + 12))}`);
  };
  const skip = (): void => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };
  // numpy headers nest two levels (a dict holding a shape tuple); far deeper is not a header, and
  // unbounded recursion would end in a stack overflow instead of an error naming the file.
  let depth = 0;
  const nested = <T>(parse: () => T): T => {
    if (++depth > MAX_DEPTH) fail(`containers nested at most ${MAX_DEPTH} deep`);
    const out = parse();
    depth--;
    return out;
  };
  const sequence = (close: string): PyLiteral[] => {
    const items: PyLiteral[] = [];
    for (;;) {
      skip();
      if (text[pos] === close) {
        pos++;
        return items;
      }
      items.push(value());
      skip();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== close) fail(`',' or '${close}'`);
    }
  };
  const dict = (): { [key: string]: PyLiteral } => {
    const out: { [key: string]: PyLiteral } = {};
    for (;;) {
      skip();
      if (text[pos] === '}') {
        pos++;
        return out;
      }
      const key = value();
      if (typeof key !== 'string') fail('a string key');
      skip();
      if (text[pos] !== ':') fail("':'");
      pos++;
      out[key as string] = value();
      skip();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== '}') fail("',' or '}'");
    }
  };
  const value = (): PyLiteral => {
    skip();
    const c = text[pos];
    if (c === '{') {
      pos++;
      return nested(dict);
    }
    if (c === '(') {
      pos++;
      return nested(() => sequence(')'));
    }
    if (c === '[') {
      pos++;
      return nested(() => sequence(']'));
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, pos + 1);
      if (end < 0) fail('a closing quote');
      const s = text.slice(pos + 1, end);
      pos = end + 1;
      return s;
    }
    WORD.lastIndex = pos;
    const word = WORD.exec(text);
    if (!word) return fail('a value');
    pos += word[0].length;
    if (word[0] === 'True') return true;
    if (word[0] === 'False') return false;
    if (word[0] === 'None') return null;
    return Number.parseInt(word[0], 10);
  };
  const result = value();
  skip();
  if (pos !== text.length) fail('the end of the header');
  return result;
}
