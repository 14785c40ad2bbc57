// The parsers under mutation fuzzing (test/fuzz/harness.ts). In the suite: 400 seeded inputs per
// family, a second or two, no time check. `npm run fuzz`: FUZZ_INPUTS per family (20,000 by
// default, 120,000 in all), inputs over FUZZ_SLOW_MS (1000) counted as defects, and the counts
// written to test/fuzz/report.json.
import { renameSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { FAMILIES, FIXTURES, fuzzFamily } from './harness.js';
import type { FamilyReport } from './harness.js';

const INPUTS = Number(process.env.FUZZ_INPUTS ?? 400);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const SLOW_MS = process.env.FUZZ_SLOW_MS === undefined ? Infinity : Number(process.env.FUZZ_SLOW_MS);
const reports: FamilyReport[] = [];

afterAll(() => {
  const path = process.env.FUZZ_REPORT;
  if (!path) return;
  const totals = reports.reduce<Record<string, number>>((t, r) => {
    for (const [k, v] of Object.entries(r.counts)) t[k] = (t[k] ?? 0) + v;
    return t;
  }, {});
  // Written beside and renamed into place, so a report is never half-written.
  writeFileSync(`${path}.tmp`, `${JSON.stringify({ seed: SEED, inputsPerFamily: INPUTS, totals, families: reports }, null, 1)}\n`);
  renameSync(`${path}.tmp`, path);
});

describe('parsers under seeded mutation fuzzing', () => {
  FAMILIES.forEach((family, index) => {
    it(`${family.name}: ${INPUTS} mutated inputs give results or typed errors only, in bounded size, with consistent shapes`, async () => {
      const report = await fuzzFamily(family, INPUTS, SEED + index, FIXTURES, SLOW_MS);
      reports.push(report);
      expect(report.defects).toEqual([]);
      expect(report.counts.ok + report.counts.typed).toBe(INPUTS);
      // Both outcomes occur, so the mutations reach past the first checks.
      expect(report.counts.typed).toBeGreaterThan(0);
    }, 600_000);
  });
});
