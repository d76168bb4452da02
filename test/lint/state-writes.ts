import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * Finds SQL that writes a `state`, `status` or `current_stage` column, and says where each write sits.
 * Such a write is allowed only inside a repository's `transition…` method (in `libs/persistence`) that
 * asks a domain state machine first (`.assert(` or `assertTransitions(` in the same method).
 */
export interface StateWrite {
  file: string;
  line: number;
  column: string;
  method: string | null;
  allowed: boolean;
}

const STATE_COLUMNS = /(?:^|[\s,(])(state|status|current_stage)\s*=(?!=)/i;

/** The SET clauses of every UPDATE (and ON CONFLICT … DO UPDATE) in one SQL text. */
function writtenStateColumns(sql: string): string[] {
  const found: string[] = [];
  for (const match of sql.matchAll(/\bSET\b([\s\S]*?)(?=\bWHERE\b|\bRETURNING\b|\bFROM\b|;|$)/gi)) {
    const column = STATE_COLUMNS.exec(match[1]);
    if (column) found.push(column[1].toLowerCase());
  }
  return found;
}

function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return node.head.text + node.templateSpans.map((s) => ` $x ${s.literal.text}`).join('');
  return null;
}

function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | null {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isMethodDeclaration(current) || ts.isFunctionDeclaration(current)) return current;
  }
  return null;
}

export function stateWritesIn(file: string, source: string): StateWrite[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const inPersistence = file.split(path.sep).join('/').includes('libs/persistence/src/');
  const writes: StateWrite[] = [];
  const visit = (node: ts.Node): void => {
    const text = literalText(node);
    if (text !== null) {
      for (const column of writtenStateColumns(text)) {
        const fn = enclosingFunction(node);
        const method = fn?.name && ts.isIdentifier(fn.name) ? fn.name.text : null;
        const body = fn?.body?.getText(sourceFile) ?? '';
        const allowed =
          inPersistence && !!method && /^transition/.test(method) && /\.assert\(|assertTransitions\(/.test(body);
        const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
        writes.push({ file, line, column, method, allowed });
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return writes;
}

const SCANNED = ['apps/api/src', 'apps/worker/src', 'libs', 'workflows', 'scripts'];

export function stateWritesUnder(root: string): StateWrite[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ts$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name)) files.push(full);
    }
  };
  for (const dir of SCANNED) walk(path.join(root, dir));
  return files.flatMap((file) => stateWritesIn(path.relative(root, file), fs.readFileSync(file, 'utf8')));
}
