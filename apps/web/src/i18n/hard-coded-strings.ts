/**
 * A static scan of .tsx sources for visible text that does not come from the catalogs: JSX text with
 * letters, and string literals with letters in the props people read or hear (aria-label, title,
 * placeholder, label, description, alt). Uses the TypeScript parser; pure apart from its input.
 */
import ts from 'typescript';

export const VISIBLE_PROPS = ['aria-label', 'title', 'placeholder', 'label', 'description', 'alt', 'error'];

const LETTER = /\p{L}/u;

export interface HardCodedString {
  file: string;
  line: number;
  text: string;
}

export function findHardCodedStrings(file: string, source: string): HardCodedString[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: HardCodedString[] = [];
  const report = (node: ts.Node, text: string) =>
    found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: text.trim() });
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && LETTER.test(node.text)) report(node, node.text);
    if (ts.isJsxAttribute(node) && VISIBLE_PROPS.includes(node.name.getText(sf)) && node.initializer) {
      const init = node.initializer;
      const literal = ts.isStringLiteral(init)
        ? init
        : ts.isJsxExpression(init) &&
            init.expression &&
            (ts.isStringLiteral(init.expression) || ts.isNoSubstitutionTemplateLiteral(init.expression))
          ? init.expression
          : undefined;
      if (literal && LETTER.test(literal.text)) report(node, `${node.name.getText(sf)}="${literal.text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}
