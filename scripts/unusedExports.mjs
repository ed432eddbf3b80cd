#!/usr/bin/env node
// Lists exported symbols that no other module imports, so dead code does not hide behind an
// `export`. Reads the sources through the TypeScript checker (re-exports and type-only imports
// resolve to the symbol they name). Entry points, whose exports are used from outside the
// TypeScript program, are never reported. Usage: node scripts/unusedExports.mjs [--all]
// Exit 1 when an export is used nowhere, or a function or constant is exported but used only in
// its own module; --all also lists the types and classes used only in their own module.
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Modules whose exports are read by something outside the program (a launcher, VS Code, mocha, esbuild). */
const ENTRY_POINTS = [
  /^gateway\/cli\/main\.ts$/, // bin/autogen-gate.js
  /^extension\/src\/extension\.ts$/, // VS Code: activate, deactivate
  /^webview-ui\/src\/panels\//, // esbuild entries
  /^bench\/[^/]+\/run\.ts$/,
  /^test\/support\/postgres\.ts$/, // mocha global fixtures (.mocharc.json)
  /\.test\.ts$/,
  // The HTTP API's bodies, for clients outside this repository as well (docs/openapi.yaml).
  /^gateway\/api\/wire\.ts$/,
];

function configFiles(path) {
  const config = ts.getParsedCommandLineOfConfigFile(path, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error(`cannot read ${path}`);
  return config;
}

const main = configFiles(resolve(root, 'tsconfig.json'));
const webview = configFiles(resolve(root, 'webview-ui/tsconfig.json'));
const program = ts.createProgram({
  rootNames: [...new Set([...main.fileNames, ...webview.fileNames])],
  options: { ...main.options, lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'], noEmit: true },
});
const checker = program.getTypeChecker();
const ours = program.getSourceFiles().filter((file) => !file.isDeclarationFile && !file.fileName.includes('/node_modules/'));

const resolveAlias = (symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
const used = new Set();
const wholeModules = new Set();

function markModule(specifier) {
  const moduleSymbol = checker.getSymbolAtLocation(specifier);
  if (moduleSymbol) wholeModules.add(moduleSymbol);
}

function visit(node) {
  if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
    const clause = ts.isImportDeclaration(node) ? node.importClause : undefined;
    const bindings = clause?.namedBindings;
    if (ts.isExportDeclaration(node) && !node.exportClause) markModule(node.moduleSpecifier);
    if (bindings && ts.isNamespaceImport(bindings)) markModule(node.moduleSpecifier);
    if (ts.isExportDeclaration(node) && node.exportClause && ts.isNamespaceExport(node.exportClause)) markModule(node.moduleSpecifier);
    const elements = [
      ...(bindings && ts.isNamedImports(bindings) ? bindings.elements : []),
      ...(ts.isExportDeclaration(node) && node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : []),
    ];
    for (const element of elements) {
      const symbol = checker.getSymbolAtLocation(element.name);
      if (symbol) used.add(resolveAlias(symbol));
    }
    if (clause?.name) {
      const symbol = checker.getSymbolAtLocation(clause.name);
      if (symbol) used.add(resolveAlias(symbol));
    }
  }
  // import('...') in code or in a type: everything the module exports may be reached.
  if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0]) markModule(node.arguments[0]);
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) markModule(node.argument.literal);
  ts.forEachChild(node, visit);
}
for (const file of ours) visit(file);

/** Identifiers of `file` (other than the declaration's own name) that name `symbol`. */
function localUses(file, symbol, declarationName) {
  let count = 0;
  const walk = (node) => {
    if (ts.isIdentifier(node) && node !== declarationName && node.text === symbol.getName()) {
      const found = checker.getSymbolAtLocation(node);
      if (found && (found === symbol || resolveAlias(found) === symbol)) count++;
    }
    ts.forEachChild(node, walk);
  };
  walk(file);
  // A `{@link Name}` in a doc comment names it too.
  return count + file.text.split(`@link ${symbol.getName()}}`).length - 1;
}

const dead = [];
const localValues = [];
const localTypes = [];
for (const file of ours) {
  const path = relative(root, file.fileName);
  if (ENTRY_POINTS.some((pattern) => pattern.test(path))) continue;
  const moduleSymbol = checker.getSymbolAtLocation(file);
  if (!moduleSymbol || wholeModules.has(moduleSymbol)) continue;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    if (used.has(resolveAlias(exported)) || used.has(exported)) continue;
    const declaration = exported.declarations?.[0];
    if (!declaration || declaration.getSourceFile() !== file) continue; // re-exported from elsewhere
    const { line } = file.getLineAndCharacterOfPosition(declaration.getStart());
    const where = `${path}:${line + 1}: ${exported.getName()}`;
    if (localUses(file, exported, ts.getNameOfDeclaration(declaration)) === 0) dead.push(where);
    else if (ts.isFunctionDeclaration(declaration) || ts.isVariableDeclaration(declaration)) localValues.push(where);
    else localTypes.push(where);
  }
}
const report = (title, list) => (list.length ? `${title}:\n${list.join('\n')}\n\n` : '');
// A type or class used only in its module is often named by an exported signature: callers may
// need to name it too, so it stays exported and is listed only with --all.
process.stdout.write(
  report('exported, used nowhere (remove)', dead) +
    report('functions and constants exported but used only in their own module (drop `export`)', localValues) +
    (process.argv.includes('--all') ? report('types and classes exported but used only in their own module', localTypes) : '') ||
    'no unused exports\n',
);
process.exitCode = dead.length || localValues.length ? 1 : 0;
