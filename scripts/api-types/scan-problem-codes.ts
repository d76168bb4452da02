import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** How the problem filter turns a refusal's kind into a status (DomainError kinds and `<kind>:<CODE>` failures). */
const KIND_STATUS: Record<string, number> = {
  conflict: 409,
  rule: 422,
  'not-found': 404,
  forbidden: 403,
  unavailable: 503,
};

export interface ScannedCode {
  code: string;
  status: number;
  /** `file:line` of the first place that raises it. */
  at: string;
}

export interface ScannedCodes {
  /** Codes a problem's top-level `code` can carry, with the status their kind maps to. */
  problems: ScannedCode[];
  /** Codes of `errors[]` entries (violations naming a field or a rule). */
  fieldErrors: ScannedCode[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')
      ? [path]
      : [];
  });
}

const literal = (node: ts.Node | undefined): string | undefined =>
  node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;

function calleeName(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

/**
 * Local helpers that build a violation from a parameter named `code` (`add(rule, field, code, message)`): name → its
 * index.
 */
function violationHelpers(file: ts.SourceFile): Map<string, number> {
  const helpers = new Map<string, number>();
  const consider = (name: string, parameters: ts.NodeArray<ts.ParameterDeclaration>) => {
    const index = parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === 'code');
    if (index >= 0 && parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === 'message'))
      helpers.set(name, index);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) && node.name) consider(node.name.text, node.parameters);
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))
    ) {
      consider(node.name.text, node.initializer.parameters);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return helpers;
}

/**
 * Every problem code the sources can raise, read from their syntax: `new DomainError('CODE', …, 'kind')`,
 * workflow and activity refusals (`refuse('kind', 'CODE', …)`, `refusal(…)`, `failureType(…)`), and
 * violation literals (`{ field|rule, code: 'CODE', message }`) for `errors[]`. Codes built at run time
 * (a variable as the code) are not seen here; their literal origins are.
 */
export function scanProblemCodes(root: string, dirs: readonly string[] = ['apps', 'libs', 'workflows']): ScannedCodes {
  const problems = new Map<string, ScannedCode>();
  const fieldErrors = new Map<string, ScannedCode>();
  const add = (into: Map<string, ScannedCode>, code: string, status: number, file: ts.SourceFile, node: ts.Node) => {
    const key = `${code}@${status}`;
    if (into.has(key)) return;
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    into.set(key, { code, status, at: `${relative(root, file.fileName)}:${line}` });
  };
  for (const path of dirs.flatMap((dir) => sourceFiles(join(root, dir)))) {
    const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2023, true);
    const helpers = violationHelpers(file);
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && calleeName(node.expression) === 'DomainError') {
        const code = literal(node.arguments?.[0]);
        const kind = literal(node.arguments?.[2]) ?? 'rule';
        if (code) add(problems, code, KIND_STATUS[kind] ?? 422, file, node);
      } else if (
        ts.isCallExpression(node) &&
        ['refuse', 'refusal', 'failureType'].includes(calleeName(node.expression) ?? '')
      ) {
        const kind = literal(node.arguments[0]);
        const code = literal(node.arguments[1]);
        if (kind && code && KIND_STATUS[kind]) add(problems, code, KIND_STATUS[kind], file, node);
      } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && helpers.has(node.expression.text)) {
        const code = literal(node.arguments[helpers.get(node.expression.text)!]);
        if (code) add(fieldErrors, code, 0, file, node);
      } else if (ts.isObjectLiteralExpression(node)) {
        const names = new Set(
          node.properties.map((p) => (p.name && ts.isIdentifier(p.name) ? p.name.text : undefined)),
        );
        if (names.has('code') && names.has('message') && (names.has('field') || names.has('rule'))) {
          const property = node.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'code');
          const code = property && ts.isPropertyAssignment(property) ? literal(property.initializer) : undefined;
          if (code) add(fieldErrors, code, 0, file, node);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  const sorted = (map: Map<string, ScannedCode>) =>
    [...map.values()].sort((a, b) => a.code.localeCompare(b.code) || a.status - b.status);
  return { problems: sorted(problems), fieldErrors: sorted(fieldErrors) };
}
