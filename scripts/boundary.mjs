// Generates src/backends/wasm/boundary.generated.ts from the declarations in assembly/, so that
// the TypeScript side of the Wasm boundary is never written twice:
// - every `export const enum` whose doc comment carries `@boundary NAME [snake_case]` becomes a
//   code table NAME (keys: the members in camelCase, or snake_case where the tag says so);
// - every `export const NAME: type = integer;` tagged `@boundary NAME` becomes that constant;
// - every `@unmanaged export class` tagged `@boundary NAME` becomes a struct layout NAME (each
//   field's byte offset and type, laid out as AssemblyScript's offsetof<T>() lays it out: in
//   declaration order, each field aligned to its own size);
// - the exported functions of the files assembly/index.ts (and assembly/threads.ts) re-export
//   become the CoreExports (and ThreadedCoreExports) interfaces.
//
// `node scripts/boundary.mjs` writes the file (npm run build:wasm runs it); `--check` only
// compares and exits 1 when the committed file is stale. test/boundary.test.ts runs generate().
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = 'src/backends/wasm/boundary.generated.ts';

/** Bytes of each AssemblyScript field type on wasm32; a field is aligned to its size. */
const FIELD_BYTES = { i8: 1, u8: 1, bool: 1, i16: 2, u16: 2, i32: 4, u32: 4, f32: 4, usize: 4, isize: 4, i64: 8, u64: 8, f64: 8, v128: 16 };

/** How a parameter or result of an exported function reaches JavaScript (no bindings: all numbers). */
const JS_TYPE = { i8: 'number', u8: 'number', bool: 'number', i16: 'number', u16: 'number', i32: 'number', u32: 'number', f32: 'number', f64: 'number', usize: 'number', isize: 'number', i64: 'bigint', u64: 'bigint', void: 'void' };

function fail(file, message) {
  throw new Error(`scripts/boundary.mjs: ${file}: ${message}`);
}

function camel(name) {
  return name[0].toLowerCase() + name.slice(1);
}

function snake(name) {
  return name.replace(/(?<=[a-z0-9])([A-Z])/g, '_$1').toLowerCase();
}

/** The doc comment that ends right before `at` (decorators between them skipped), or ''. */
function docBefore(source, at) {
  const before = source.slice(0, at).trimEnd();
  if (!before.endsWith('*/')) return '';
  const doc = before.slice(before.lastIndexOf('/**'));
  // A `*/` inside means the last `/**` opened something else: no doc comment of its own.
  return doc.indexOf('*/') === doc.length - 2 ? doc : '';
}

/** The `@boundary NAME [snake_case]` tag of the doc comment right before `at`, or null. */
function tagBefore(source, at) {
  const tag = /@boundary\s+([A-Z][A-Z0-9_]*)(?:\s+(snake_case))?/.exec(docBefore(source, at));
  return tag ? { name: tag[1], style: tag[2] ?? 'camelCase' } : null;
}

/** The body's lines without comments or blank lines. */
function declarations(body) {
  return body.replace(/\/\*[\s\S]*?\*\//g, '').split('\n').map((line) => line.replace(/\/\/.*$/, '').trim()).filter(Boolean);
}

function enums(file, source) {
  const tables = [];
  for (const match of source.matchAll(/^export const enum (\w+) \{([^}]*)\}/gm)) {
    const tag = tagBefore(source, match.index);
    if (!tag) continue;
    const entries = [];
    let next = 0;
    for (const line of declarations(match[2])) {
      const member = /^(\w+)(?:\s*=\s*(-?\d+))?,?$/.exec(line);
      if (!member) fail(file, `enum ${match[1]}: cannot read member "${line}" (only NAME or NAME = integer)`);
      const value = member[2] === undefined ? next : Number(member[2]);
      entries.push([tag.style === 'snake_case' ? snake(member[1]) : camel(member[1]), value]);
      next = value + 1;
    }
    tables.push({ kind: 'enum', name: tag.name, from: `${file} ${match[1]}`, entries });
  }
  return tables;
}

function constants(file, source) {
  const values = [];
  for (const match of source.matchAll(/^export const (\w+): \w+ = (-?\d+);/gm)) {
    const tag = tagBefore(source, match.index);
    if (tag) values.push({ kind: 'constant', name: tag.name, from: `${file} ${match[1]}`, value: Number(match[2]) });
  }
  return values;
}

function structs(file, source) {
  const layouts = [];
  for (const match of source.matchAll(/^@unmanaged export class (\w+) \{([^}]*)\}/gm)) {
    const tag = tagBefore(source, match.index);
    if (!tag) continue;
    const fields = [];
    let offset = 0;
    for (const line of declarations(match[2])) {
      const field = /^(\w+)\s*:\s*(\w+);$/.exec(line);
      if (!field || !(field[2] in FIELD_BYTES)) fail(file, `class ${match[1]}: cannot lay out "${line}" (only NAME: ${Object.keys(FIELD_BYTES).join('|')};)`);
      const bytes = FIELD_BYTES[field[2]];
      offset = Math.ceil(offset / bytes) * bytes;
      fields.push([field[1], offset, field[2]]);
      offset += bytes;
    }
    layouts.push({ kind: 'struct', name: tag.name, from: `${file} ${match[1]}`, fields, size: offset });
  }
  return layouts;
}

/** The exported functions of one file: name, parameters, result and doc comment. */
function functions(file, source) {
  const out = new Map();
  // An @inline export is a helper other kernels inline, not an export of the module.
  for (const match of source.matchAll(/^export function (\w+)\(([^)]*)\)\s*:\s*(\w+)\s*\{/gm)) {
    const params = match[2].split(',').map((p) => p.trim()).filter(Boolean).map((p) => {
      const param = /^(\w+)\s*:\s*(\w+)$/.exec(p);
      if (!param || !(param[2] in JS_TYPE)) fail(file, `${match[1]}: cannot type parameter "${p}"`);
      return `${param[1]}: ${JS_TYPE[param[2]]}`;
    });
    if (!(match[3] in JS_TYPE)) fail(file, `${match[1]}: cannot type result ${match[3]}`);
    out.set(match[1], { name: match[1], params, result: JS_TYPE[match[3]], doc: docBefore(source, match.index), file });
  }
  return out;
}

function read(file) {
  return readFileSync(join(ROOT, file), 'utf8');
}

/** The functions an entry file exports: its own and those it re-exports (`export {..} from`, `export * from`). */
function surface(entry, seen = new Map()) {
  const source = read(entry);
  for (const fn of functions(entry, source).values()) seen.set(fn.name, fn);
  for (const match of source.matchAll(/^export (\*|\{([^}]*)\}) from '\.\/([\w-]+)';/gm)) {
    const target = `assembly/${match[3]}.ts`;
    if (match[1] === '*') {
      const global = /^export (?:const|let|var) (\w+)/m.exec(read(target));
      if (global) fail(target, `\`export *\` would export the global ${global[1]} (a WebAssembly.Global); export it by name or not at all`);
      surface(target, seen);
      continue;
    }
    const all = functions(target, read(target));
    for (const name of match[2].split(',').map((s) => s.trim()).filter(Boolean)) {
      const fn = all.get(name);
      if (!fn) fail(entry, `re-exports ${name} from ${target}, which declares no exported function of that name`);
      seen.set(name, fn);
    }
  }
  return seen;
}

function member(fn) {
  const doc = fn.doc ? fn.doc.split('\n').map((line) => (line.trim().startsWith('*') ? `   ${line.trim()}` : `  ${line.trim()}`)) : [];
  return [...doc, `  ${fn.name}(${fn.params.join(', ')}): ${fn.result}; // ${fn.file}`].join('\n');
}

function render(t) {
  if (t.kind === 'constant') return `/** ${t.from}. */\nexport const ${t.name} = ${t.value};\n`;
  if (t.kind === 'enum') {
    const body = t.entries.map(([key, value]) => `  ${key}: ${value},`).join('\n');
    return `/** Codes of ${t.from}. */\nexport const ${t.name} = {\n${body}\n} as const;\n`;
  }
  const body = t.fields.map(([key, offset, type]) => `    ${key}: { offset: ${offset}, type: '${type}' },`).join('\n');
  return `/** Layout of ${t.from}: byte offsets from the struct's address, as offsetof<T>() gives them. */\nexport const ${t.name} = {\n  size: ${t.size},\n  fields: {\n${body}\n  },\n} as const;\n`;
}

/** The whole generated module as text. */
export function generate() {
  const files = readdirSync(join(ROOT, 'assembly')).filter((f) => f.endsWith('.ts')).sort().map((f) => `assembly/${f}`);
  const tables = [];
  const names = new Set();
  for (const file of files) {
    const source = read(file);
    for (const t of [...enums(file, source), ...constants(file, source), ...structs(file, source)]) {
      if (names.has(t.name)) fail(file, `@boundary ${t.name} is declared twice`);
      names.add(t.name);
      tables.push(t);
    }
  }
  const core = [...surface('assembly/index.ts').values()];
  const coreNames = new Set(core.map((f) => f.name));
  const threaded = [...surface('assembly/threads.ts').values()].filter((f) => !coreNames.has(f.name));
  return [
    '// Generated by scripts/boundary.mjs from the declarations in assembly/ (`npm run build:wasm` runs it);',
    '// do not edit: change assembly/ and rebuild. test/boundary.test.ts fails when this file is stale.',
    "import type { WasmMemory } from '../../platform-types.js';",
    '',
    ...tables.map(render),
    '/** The exports of build/axon.wasm (assembly/index.ts). Pointers are byte offsets into `memory`; flags are 0/1. */',
    'export interface CoreExports {',
    '  memory: WasmMemory;',
    ...core.map(member),
    '}',
    '',
    '/** What build/axon.threads.wasm (assembly/threads.ts) exports besides CoreExports. */',
    'export interface ThreadedCoreExports extends CoreExports {',
    ...threaded.map(member),
    '}',
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = generate();
  const path = join(ROOT, OUTPUT);
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // not generated yet
  }
  if (process.argv.includes('--check')) {
    if (current !== text) {
      console.error(`${OUTPUT} is stale: run \`node scripts/boundary.mjs\` (or npm run build:wasm) and commit it`);
      process.exit(1);
    }
  } else if (current !== text) {
    // Written only when it changes, so that a rebuild does not touch tsc's inputs needlessly.
    writeFileSync(path, text);
  }
}
