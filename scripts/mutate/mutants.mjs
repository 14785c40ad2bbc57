// Mutant generation: parses a source file (AssemblyScript or TypeScript) with the TypeScript
// compiler's parser and lists small, single-token edits, each a plausible slip in numerical code:
// an operator, a comparison or loop bound, a constant (epsilons, betas, clipping bounds, strides),
// a SIMD lane op, a sign. StrykerJS cannot do this for assembly/: its parser rejects
// AssemblyScript's decorated functions and its mutant switching needs a JavaScript runtime inside
// the code under test, so a mutant here is a plain text edit that the Wasm build recompiles.
import ts from 'typescript';

const BINARY = {
  [ts.SyntaxKind.PlusToken]: ['-'],
  [ts.SyntaxKind.MinusToken]: ['+'],
  [ts.SyntaxKind.AsteriskToken]: ['/'],
  [ts.SyntaxKind.SlashToken]: ['*'],
  [ts.SyntaxKind.PercentToken]: ['*'],
  [ts.SyntaxKind.LessThanLessThanToken]: ['>>'],
  [ts.SyntaxKind.GreaterThanGreaterThanToken]: ['<<'],
  [ts.SyntaxKind.AmpersandToken]: ['|'],
  [ts.SyntaxKind.BarToken]: ['&'],
  // Comparisons move their boundary only: the subtle slip (a reversed one fails at once).
  [ts.SyntaxKind.LessThanToken]: ['<='],
  [ts.SyntaxKind.LessThanEqualsToken]: ['<'],
  [ts.SyntaxKind.GreaterThanToken]: ['>='],
  [ts.SyntaxKind.GreaterThanEqualsToken]: ['>'],
  [ts.SyntaxKind.EqualsEqualsToken]: ['!='],
  [ts.SyntaxKind.EqualsEqualsEqualsToken]: ['!=='],
  [ts.SyntaxKind.ExclamationEqualsToken]: ['=='],
  [ts.SyntaxKind.ExclamationEqualsEqualsToken]: ['==='],
  [ts.SyntaxKind.AmpersandAmpersandToken]: ['||'],
  [ts.SyntaxKind.BarBarToken]: ['&&'],
  [ts.SyntaxKind.PlusEqualsToken]: ['-='],
  [ts.SyntaxKind.MinusEqualsToken]: ['+='],
  [ts.SyntaxKind.AsteriskEqualsToken]: ['/='],
  [ts.SyntaxKind.SlashEqualsToken]: ['*='],
};

// Calls whose name is the operator: SIMD lane ops and the scalar min/max.
const CALLS = {
  'f32x4.add': ['f32x4.sub'],
  'f32x4.sub': ['f32x4.add'],
  'f32x4.mul': ['f32x4.div'],
  'f32x4.div': ['f32x4.mul'],
  'f32x4.min': ['f32x4.max'],
  'f32x4.max': ['f32x4.min'],
  'f32x4.gt': ['f32x4.ge'],
  'f32x4.lt': ['f32x4.le'],
  'v128.and': ['v128.or'],
  min: ['max'],
  max: ['min'],
  'Math.min': ['Math.max'],
  'Math.max': ['Math.min'],
  'Math.floor': ['Math.ceil'],
  'Math.ceil': ['Math.floor'],
  'Math.round': ['Math.floor'],
};

/** Replacements for a numeric literal: 0→1, 1→0 and 2, n→n+1 for other integers, c→2c otherwise. */
function numberReplacements(text) {
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isFinite(value)) return [];
  const isInteger = Number.isInteger(value) && !/[.eE]/.test(text);
  if (value === 0) return isInteger ? ['1'] : ['1.0'];
  if (value === 1) return isInteger ? ['0', '2'] : ['0.0', '2.0'];
  if (isInteger) return [String(value + 1)];
  return [String(value * 2)];
}

/**
 * Mutants of one file: { file, start, end, original, replacement, line, column, key }, where
 * `key` identifies the mutant by its line's text rather than its line number, so that the list of
 * explained survivors stays valid when code above it moves.
 */
export function listMutants(file, source) {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lines = source.split('\n');
  const mutants = [];
  const seenOnLine = new Map();
  const add = (start, end, replacement) => {
    const original = source.slice(start, end);
    const { line, character } = sf.getLineAndCharacterOfPosition(start);
    const lineText = lines[line].trim();
    const base = `${file}|${lineText}|${original}→${replacement}`;
    const n = seenOnLine.get(base) ?? 0;
    seenOnLine.set(base, n + 1);
    mutants.push({ file, start, end, original, replacement, line: line + 1, column: character + 1, key: n ? `${base}|${n}` : base });
  };

  // Decorators, imports and types are not code that runs: not descended into.
  const visit = (node) => {
    if (ts.isDecorator(node) || ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isTypeNode(node)) return;
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken;
      for (const r of BINARY[op.kind] ?? []) add(op.getStart(sf), op.getEnd(), r);
    } else if (ts.isPrefixUnaryExpression(node)) {
      // -x → x and !x → x (the operand kept as it is).
      if (node.operator === ts.SyntaxKind.MinusToken || node.operator === ts.SyntaxKind.ExclamationToken) {
        const start = node.getStart(sf);
        add(start, start + 1, '');
      }
    } else if (ts.isNumericLiteral(node)) {
      const start = node.getStart(sf);
      for (const r of numberReplacements(node.getText(sf))) add(start, node.getEnd(), r);
    } else if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) {
      add(node.getStart(sf), node.getEnd(), node.kind === ts.SyntaxKind.TrueKeyword ? 'false' : 'true');
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression.getText(sf);
      for (const r of CALLS[callee] ?? []) add(node.expression.getStart(sf), node.expression.getEnd(), r);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return mutants;
}

/** The source with one mutant applied. */
export function applyMutant(source, mutant) {
  return source.slice(0, mutant.start) + mutant.replacement + source.slice(mutant.end);
}
