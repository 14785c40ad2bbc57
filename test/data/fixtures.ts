import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Folder of the files scripts/make-fixtures.py writes. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURES + name));
}

/** What numpy and scikit-learn computed for the fixtures (see scripts/make-fixtures.py). */
export const expected: any = JSON.parse(readFileSync(FIXTURES + 'expected.json', 'utf8'));
