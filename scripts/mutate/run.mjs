// `npm run mutate [-- FILE...] [--jobs N] [--list] [--report] [--out DIR]`: mutation testing of the
// numerical code (--out: write report.{json,md} to DIR instead of test/mutation, e.g. for a trial run).
// Each mutant (scripts/mutate/mutants.mjs) is applied to a private copy of the repository, the Wasm
// core is rebuilt there when the file is in assembly/, and the file's fast tests
// (scripts/mutate/config.mjs) run with --bail. A mutant is killed when a test fails, the build
// traps or the run exceeds its time limit; it survives when every test passes. Survivors that are
// equivalent (or out of the tests' reach for a stated reason) are listed with that reason in
// test/mutation/explained.json; the report (test/mutation/report.{json,md}) gives the score per
// file. The command exits non-zero when an unexplained survivor is left or assembly/ detects < 95% of
// its mutants that are not equivalent (report.mjs says how the two scores are counted).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import asc from 'assemblyscript/asc';
import { applyMutant, listMutants } from './mutants.mjs';
import { DEFAULT_TARGETS, testsFor, wasmTargetsFor } from './config.mjs';
import { writeReport } from './report.mjs';

const root = resolve(import.meta.dirname, '../..');
const explainedPath = join(root, 'test/mutation/explained.json');
const TARGET_SCORE = 0.95;

function parseArgs(argv) {
  const options = { jobs: Math.max(1, availableParallelism()), list: false, reportOnly: false, reportDir: join(root, 'test/mutation'), targets: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--jobs') options.jobs = Number(argv[++i]);
    else if (a === '--list') options.list = true;
    else if (a === '--report') options.reportOnly = true;
    else if (a === '--out') {
      const dir = argv[++i];
      if (dir === undefined || dir.startsWith('--')) throw new Error('mutate(--out): expected a folder for the report');
      options.reportDir = resolve(dir);
    }
    else if (a.startsWith('--')) throw new Error(`mutate: unknown option ${a}; expected --jobs N, --list, --report or --out DIR`);
    else options.targets.push(a);
  }
  if (!Number.isInteger(options.jobs) || options.jobs < 1) throw new Error('mutate(--jobs): expected a positive integer');
  if (options.targets.length === 0) options.targets = DEFAULT_TARGETS;
  return options;
}

function expandTargets(targets) {
  const files = [];
  for (const t of targets) {
    const abs = join(root, t);
    if (!existsSync(abs)) throw new Error(`mutate: no such file or folder ${t}`);
    if (statSync(abs).isDirectory()) {
      for (const f of readdirSync(abs).sort()) if (f.endsWith('.ts')) files.push(relative(root, join(abs, f)));
    } else files.push(relative(root, abs));
  }
  return files;
}

// A copy of what the tests read: sources, tests and configs; build/ is made in the copy. node_modules
// is shared through a symlink; the copy's own src/ is what vitest loads, so the copy's build/ is the
// Wasm the tests run.
const COPIED = ['assembly', 'src', 'test', 'scripts', 'package.json', 'asconfig.json', 'tsconfig.json', 'vitest.config.ts'];

const WASM_FILES = { release: 'axon.wasm', threads: 'axon.threads.wasm' };

// Mutants are built with asconfig.json's targets at optimizeLevel 0: Binaryen's optimizations keep
// IEEE float semantics (no reassociation), so a mutant behaves as it would at -O3, and it builds in
// ~0.15 s instead of ~1.4 s. The sandbox's unmutated build is made the same way, so the initial
// test run and the time limits it sets are measured on the code the mutants are compared with.
// Two asc.main calls overlapping in one process gave wrong builds (mutants that a build from the
// command line kills were reported alive), so builds are queued, whatever the number of jobs.
let buildQueue = Promise.resolve();

function buildWasm(dir, targets) {
  const build = buildQueue.then(() => buildWasmNow(dir, targets));
  buildQueue = build.catch(() => {});
  return build;
}

async function buildWasmNow(dir, targets) {
  for (const target of targets) {
    const entry = target === 'threads' ? 'assembly/threads.ts' : 'assembly/index.ts';
    const stderr = asc.createMemoryStream();
    const { error } = await asc.main(
      [entry, '--target', target, '--optimizeLevel', '0', '--textFile', '', '-o', join('build', WASM_FILES[target])],
      { stderr, stdout: asc.createMemoryStream(), readFile: (name, base) => readOrNull(join(dir, base, name)), writeFile: (name, data, base) => writeFileSync(join(dir, base, name), data), listFiles: () => [] },
    );
    if (error) return `${error.message}: ${stderr.toString().split('\n').find((l) => /ERROR/.test(l)) ?? ''}`.trim();
  }
  return null;
}

function readOrNull(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

async function makeSandbox(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const p of COPIED) cpSync(join(root, p), join(dir, p), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  mkdirSync(join(dir, 'build/pristine'), { recursive: true });
  const error = await buildWasm(dir, Object.keys(WASM_FILES));
  if (error) throw new Error(`mutate: the unmutated core does not build: ${error}`);
  for (const f of Object.values(WASM_FILES)) cpSync(join(dir, 'build', f), join(dir, 'build/pristine', f));
  return dir;
}

function runTests(dir, tests, timeoutMs) {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(process.execPath, [
      'node_modules/vitest/vitest.mjs', 'run', ...tests, '--bail', '1', '--reporter', 'dot',
      '--maxWorkers', '1', '--no-file-parallelism', '--no-cache',
    ], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, CI: 'true' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const failed = output.match(/FAIL\s+(\S+)[^\n]*>\s*([^\n]+)/);
      done({ code, timedOut, ms: Date.now() - started, failing: failed ? `${failed[1]} > ${failed[2].trim()}` : null, output });
    });
  });
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const { reportDir } = options;
  if (options.reportOnly) {
    // Re-renders report.md from report.json, e.g. after a reason was added to explained.json.
    const { run, files } = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8'));
    const summary = writeReport(reportDir, files, JSON.parse(readFileSync(explainedPath, 'utf8')), run);
    console.log(summary.text);
    return;
  }
  const files = expandTargets(options.targets);
  const sources = new Map(files.map((file) => [file, readFileSync(join(root, file), 'utf8')]));
  const mutants = files.flatMap((file) => listMutants(file, sources.get(file)));
  if (options.list) {
    for (const m of mutants) console.log(`${m.file}:${m.line}:${m.column}  ${m.original} → ${m.replacement || '(removed)'}`);
    console.log(`${mutants.length} mutants`);
    return;
  }
  const sandboxes = [];
  for (let i = 0; i < options.jobs; i++) sandboxes.push(await makeSandbox(join(tmpdir(), `axon-mutate-${process.pid}-${i}`)));

  // The initial run: every test group must pass unmutated, and its time sets the limit for mutants.
  // Test lists are fixed here, once: files added during the run do not change them.
  const groups = new Map();
  const groupOf = new Map();
  for (const file of files) {
    const tests = testsFor(file).filter((t) => existsSync(join(root, t)));
    const key = tests.join(' ');
    if (!groups.has(key)) groups.set(key, { tests, limitMs: 0 });
    groupOf.set(file, groups.get(key));
  }
  for (const group of groups.values()) {
    const result = await runTests(sandboxes[0], group.tests, 600_000);
    if (result.code !== 0) throw new Error(`mutate: the unmutated tests fail (${group.tests.join(', ')}):\n${result.output.slice(-3000)}`);
    group.limitMs = 3 * result.ms + 10_000;
    console.log(`baseline ${group.tests.join(' ')}: ${(result.ms / 1000).toFixed(1)} s`);
  }

  const results = [];
  let next = 0;
  const started = Date.now();
  const worker = async (dir) => {
    while (next < mutants.length) {
      const m = mutants[next++];
      const source = sources.get(m.file);
      const group = groupOf.get(m.file);
      writeFileSync(join(dir, m.file), applyMutant(source, m));
      let status;
      let detail = null;
      const wasm = m.file.startsWith('assembly/') ? wasmTargetsFor(m.file) : [];
      const buildError = wasm.length ? await buildWasm(dir, wasm) : null;
      if (buildError) {
        status = 'compile-error';
        detail = buildError;
      } else {
        const r = await runTests(dir, group.tests, group.limitMs);
        status = r.timedOut ? 'timeout' : r.code === 0 ? 'survived' : 'killed';
        detail = r.failing;
      }
      writeFileSync(join(dir, m.file), source);
      for (const target of wasm) cpSync(join(dir, 'build/pristine', WASM_FILES[target]), join(dir, 'build', WASM_FILES[target]));
      results.push({ ...m, status, detail });
      const done = results.length;
      if (status === 'survived' || done % 25 === 0 || done === mutants.length) {
        const eta = ((Date.now() - started) / done) * (mutants.length - done) / 1000;
        console.log(`[${done}/${mutants.length}, ${Math.round(eta)} s left] ${status === 'survived' ? `survived ${m.file}:${m.line}:${m.column} ${m.original} → ${m.replacement || '(removed)'}` : ''}`);
      }
    }
  };
  await Promise.all(sandboxes.map(worker));
  for (const dir of sandboxes) rmSync(dir, { recursive: true, force: true });

  mkdirSync(reportDir, { recursive: true });
  const explained = JSON.parse(readFileSync(explainedPath, 'utf8'));
  const previous = existsSync(join(reportDir, 'report.json')) ? JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) : { files: {} };
  // A run over some files replaces those files' entries and keeps the others.
  const byFile = { ...previous.files };
  for (const file of files) byFile[file] = results.filter((r) => r.file === file).sort((a, b) => a.start - b.start || a.replacement.localeCompare(b.replacement)).map(({ start, end, ...r }) => r);
  const summary = writeReport(reportDir, byFile, explained, { seconds: Math.round((Date.now() - started) / 1000), jobs: options.jobs });
  console.log(summary.text);
  if (summary.unexplained > 0 || summary.assemblyScore < TARGET_SCORE) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error.message);
  process.exit(2);
});
