// The project's import rules, read from the code itself with the TypeScript compiler's parser (no
// type check, so it runs in about a second): see docs in CONTRIBUTING.md ("Layout").
// - a feature (server/features/<name>/) imports another feature only through its index.ts;
// - no import cycle between features (counting type-only imports: they couple as much);
// - the renderer imports renderer/, shared/, and only types from the server (the API type) and from
//   electron/desktopApi.ts (the desktop bridge);
// - shared/ imports only shared/ and packages: no Node built-in, no server, renderer or electron code
//   (shared/api.ts hands on the API type: a type-only import of server/trpc/appRouter.ts).
// Tests and their support (*.test.ts, fixtures/, testing/, *TestKit.ts, isolationCases.ts: code only
// tests load) are left out: a test may reach into any fixture it needs.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

export type ImportEdge = { from: string; to: string; typeOnly: boolean };
export type BoundaryViolation =
  | { rule: 'inside-another-feature'; from: string; to: string }
  | { rule: 'feature-cycle'; features: string[] }
  | { rule: 'renderer-imports-server'; from: string; to: string }
  | { rule: 'renderer-imports-outside'; from: string; to: string }
  | { rule: 'shared-imports-outside'; from: string; to: string };

const SOURCE = /\.(ts|tsx|mts|cts)$/;
const TEST_SUPPORT = /(\.test\.(ts|tsx)|TestKit\.ts|^isolationCases\.ts)$/;
const TEST_SUPPORT_FOLDERS = new Set(['fixtures', 'testing']);
const NODE_BUILTINS = new Set(builtinModules);
// The two contracts the renderer may see from the other sides, as types only: the tRPC API (through
// shared/api.ts) and what the desktop shell's preload hands the page.
const API_TYPE = 'server/trpc/appRouter.ts';
const DESKTOP_BRIDGE_TYPE = 'electron/desktopApi.ts';

/** Every import of every non-test source file under `root`'s server/, shared/ and renderer/ (paths relative to root, '/'-separated). */
export function readImportEdges(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const top of ['server', 'shared', 'renderer']) {
    for (const file of listSources(path.join(root, top))) {
      const text = fs.readFileSync(file, 'utf8');
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
      for (const { specifier, typeOnly } of importsOf(source)) {
        edges.push({ from: relative(root, file), to: resolveSpecifier(root, file, specifier), typeOnly });
      }
    }
  }
  return edges;
}

export function findBoundaryViolations(root: string): BoundaryViolation[] {
  const edges = readImportEdges(root);
  const violations: BoundaryViolation[] = [];
  for (const edge of edges) {
    const fromFeature = featureOf(edge.from);
    const toFeature = featureOf(edge.to);
    if (fromFeature && toFeature && fromFeature !== toFeature && edge.to !== `server/features/${toFeature}/index.ts`) {
      violations.push({ rule: 'inside-another-feature', from: edge.from, to: edge.to });
    }
    if (edge.from.startsWith('renderer/')) {
      if (edge.to.startsWith('server/')) {
        if (!edge.typeOnly) violations.push({ rule: 'renderer-imports-server', from: edge.from, to: edge.to });
      } else if (
        isProjectPath(edge.to) &&
        !edge.to.startsWith('renderer/') &&
        !edge.to.startsWith('shared/') &&
        !(edge.typeOnly && edge.to === DESKTOP_BRIDGE_TYPE)
      ) {
        violations.push({ rule: 'renderer-imports-outside', from: edge.from, to: edge.to });
      }
    }
    if (edge.from.startsWith('shared/')) {
      const builtin = edge.to.startsWith('node:') || NODE_BUILTINS.has(edge.to.split('/')[0] ?? '');
      const apiType = edge.typeOnly && edge.to === API_TYPE;
      if (builtin || (isProjectPath(edge.to) && !edge.to.startsWith('shared/') && !apiType)) {
        violations.push({ rule: 'shared-imports-outside', from: edge.from, to: edge.to });
      }
    }
  }
  for (const features of featureCycles(edges)) violations.push({ rule: 'feature-cycle', features });
  return violations;
}

/** Feature -> the features it imports (tests left out), for reports. */
export function featureGraph(edges: ImportEdge[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const edge of edges) {
    const from = featureOf(edge.from);
    const to = featureOf(edge.to);
    if (!from) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    if (to && to !== from) graph.get(from)!.add(to);
  }
  return graph;
}

/** The strongly connected groups of two or more features (Tarjan), each sorted by name. */
export function featureCycles(edges: ImportEdge[]): string[][] {
  const graph = featureGraph(edges);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) cycles.push(group.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}

/** `server/features/<name>/...` -> name; files directly in server/features/ belong to no feature. */
export function featureOf(file: string): string | null {
  const match = /^server\/features\/([^/]+)\/./.exec(file);
  return match ? match[1]! : null;
}

function importsOf(source: ts.SourceFile): { specifier: string; typeOnly: boolean }[] {
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: isTypeOnlyImport(node.importClause) });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : null;
      found.push({
        specifier: node.moduleSpecifier.text,
        typeOnly: node.isTypeOnly || (named !== null && named.length > 0 && named.every((element) => element.isTypeOnly)),
      });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function isTypeOnlyImport(clause: ts.ImportClause | undefined): boolean {
  if (!clause) return false; // `import './x.js'` runs the module
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly);
}

// The path aliases: package.json `imports` (#server, #shared) and the renderer's tsconfig `paths`
// (#renderer; #electron for the desktop bridge's type only).
const PATH_ALIASES: ReadonlyArray<readonly [string, string]> = [
  ['#server/', 'server'],
  ['#shared/', 'shared'],
  ['#renderer/', 'renderer/src'],
  ['#electron/', 'electron'],
];

/** A relative or aliased specifier becomes the project file it names (`.js` written for a `.ts` file); a package name stays as written. */
function resolveSpecifier(root: string, file: string, specifier: string): string {
  const alias = PATH_ALIASES.find(([prefix]) => specifier.startsWith(prefix));
  if (!alias && !specifier.startsWith('.')) return specifier;
  const target = alias ? path.join(root, alias[1], specifier.slice(alias[0].length)) : path.resolve(path.dirname(file), specifier);
  const candidates = [
    target,
    target.replace(/\.(m|c)?js$/, '.$1ts'),
    target.replace(/\.js$/, '.tsx'),
    `${target}.ts`,
    `${target}.tsx`,
    path.join(target, 'index.ts'),
  ];
  const existing = candidates.find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
  // A file not there (a fixture naming a file it does not write) still gets its source name.
  return relative(root, existing ?? (/\.js$/.test(target) ? target.replace(/\.js$/, '.ts') : path.extname(target) ? target : `${target}.ts`));
}

function isProjectPath(target: string): boolean {
  return /^(server|shared|renderer|electron|bench|scripts|e2e)\//.test(target);
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

function listSources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || (entry.isDirectory() && TEST_SUPPORT_FOLDERS.has(entry.name))) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listSources(full));
    else if (SOURCE.test(entry.name) && !TEST_SUPPORT.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
  }
  return files;
}
