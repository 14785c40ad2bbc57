// The committed mutation report: report.json (every mutant and what became of it) and report.md
// (score per file, then each survivor with its location and the reason it is allowed to live).
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DETECTED = new Set(['killed', 'timeout']);

// A survivor explained as "Equivalent: …" computes exactly what the original computes, so no test
// can kill it; the second score leaves those out of the count, as mutation-testing literature does.
// Every other explained survivor (e.g. "Rounding only: …") still counts against both scores.
const isEquivalent = (reason) => typeof reason === 'string' && reason.startsWith('Equivalent');

function score(list, explained) {
  const valid = list.filter((r) => r.status !== 'compile-error');
  const detected = valid.filter((r) => DETECTED.has(r.status)).length;
  const equivalent = valid.filter((r) => r.status === 'survived' && isEquivalent(explained[r.key])).length;
  const killable = valid.length - equivalent;
  return {
    mutants: valid.length, detected, survived: valid.length - detected, equivalent, compileErrors: list.length - valid.length,
    score: valid.length ? detected / valid.length : 1, killableScore: killable ? detected / killable : 1,
  };
}

function writeAtomically(path, text) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

const pct = (x) => `${(100 * x).toFixed(1)}%`;

export function writeReport(dir, byFile, explained, run) {
  const files = Object.keys(byFile).sort();
  const rows = files.map((file) => ({ file, ...score(byFile[file], explained) }));
  const assembly = score(files.filter((f) => f.startsWith('assembly/')).flatMap((f) => byFile[f]), explained);
  const src = score(files.filter((f) => f.startsWith('src/')).flatMap((f) => byFile[f]), explained);
  const both = (x) => `${pct(x.score)} of all ${x.mutants} (${x.detected} detected), ${pct(x.killableScore)} of the ${x.mutants - x.equivalent} that are not equivalent`;
  const survivors = files.flatMap((f) => byFile[f].filter((r) => r.status === 'survived'));
  const unexplained = survivors.filter((r) => !explained[r.key]);
  const generated = new Date().toISOString().slice(0, 10);

  writeAtomically(join(dir, 'report.json'), `${JSON.stringify({ generated, run, files: byFile }, null, 1)}\n`);

  const md = [
    '# Mutation report',
    '',
    `Made by \`npm run mutate\` (scripts/mutate/run.mjs) on ${generated}; the last run took ${run.seconds} s with ${run.jobs} job(s).`,
    'A mutant is one small edit (operator, comparison, constant, SIMD lane op, sign); it is detected when',
    'its tests fail or time out. Compile errors are not counted. Survivors allowed to live are listed in',
    'test/mutation/explained.json with the reason. "Equivalent" survivors compute exactly what the',
    'original computes; the last column leaves them out of the count.',
    '',
    `**assembly/ detected: ${both(assembly)}.** src/ numerics: ${src.mutants ? both(src) : 'not measured'}. Files absent from the table have not been run.`,
    '',
    '| file | mutants | detected | survived | of which equivalent | score | score without equivalents | compile errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.file} | ${r.mutants} | ${r.detected} | ${r.survived} | ${r.equivalent} | ${pct(r.score)} | ${pct(r.killableScore)} | ${r.compileErrors} |`),
    '',
    '## Survivors',
    '',
    survivors.length ? '| where | mutant | why it lives |' : 'None.',
    ...(survivors.length ? ['| --- | --- | --- |'] : []),
    ...survivors.map((r) => `| ${r.file}:${r.line}:${r.column} | \`${r.original.replace(/\|/g, '\\|')}\` → \`${(r.replacement || '(removed)').replace(/\|/g, '\\|')}\` | ${explained[r.key] ?? '**unexplained**'} |`),
    '',
  ].join('\n');
  writeAtomically(join(dir, 'report.md'), md);

  const text = [
    ...rows.map((r) => `${r.file.padEnd(44)} ${String(r.detected).padStart(5)}/${String(r.mutants).padEnd(5)} ${pct(r.score).padStart(7)}  ${pct(r.killableScore).padStart(7)} without equivalents`),
    `assembly/ ${both(assembly)}; src/ ${both(src)}; ${survivors.length} survivors, ${unexplained.length} unexplained`,
    ...unexplained.map((r) => `  unexplained: ${r.file}:${r.line}:${r.column} ${r.original} → ${r.replacement || '(removed)'}   key ${JSON.stringify(r.key)}`),
  ].join('\n');
  return { text, unexplained: unexplained.length, assemblyScore: assembly.killableScore };
}
