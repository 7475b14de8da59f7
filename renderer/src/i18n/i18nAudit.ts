// The checks behind i18nCompleteness.test.ts, kept apart so the test can prove each one fires on a
// small sample before it is held against the whole renderer. The TypeScript compiler's parser reads
// the sources (syntax only: no program, no type check), so a string is judged by where it sits in
// the tree, not by a regular expression over the text.
import ts from 'typescript';

export type Finding = { file: string; line: number; problem: string };

/**
 * Attributes whose text a person reads (or a screen reader says): they go through t() like
 * children. `label` is the app's own: Field, FlowMinimap and the charts show or announce it.
 */
export const READABLE_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'title',
  'placeholder',
  'alt',
  'label',
]);

/** Text with no letter in it (punctuation, digits, symbols, emoji) reads the same in every language. */
const hasLetter = (text: string) => /\p{L}/u.test(text);

/**
 * Text that is the same in every language and is not words: the product's brand and ISO currency
 * codes. Kept short on purpose; anything a person reads as words belongs in the catalogs.
 */
const UNTRANSLATED = new Set(['UZZ', 'UZZ.AI', 'USD', 'BRL']);

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

/**
 * The literal text an expression shows as it is: string and template literals, through the
 * branches of `a ? b : c`, `a && b`, `a || b`, `a ?? b` and `a + b`. A call (t('…'), a formatter)
 * stops the walk: its result is whatever that function returns.
 */
function literalTexts(expression: ts.Expression): string[] {
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return [expression.text];
  if (ts.isTemplateExpression(expression)) return [expression.head.text, ...expression.templateSpans.map((span) => span.literal.text)];
  if (ts.isParenthesizedExpression(expression)) return literalTexts(expression.expression);
  if (ts.isConditionalExpression(expression)) return [...literalTexts(expression.whenTrue), ...literalTexts(expression.whenFalse)];
  if (ts.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken) return literalTexts(expression.right);
    if (operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.PlusToken) {
      return [...literalTexts(expression.left), ...literalTexts(expression.right)];
    }
  }
  return [];
}

const readable = (text: string) => {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  return hasLetter(trimmed) && !UNTRANSLATED.has(trimmed);
};

/** Hard-coded text in JSX: children and readable attributes that do not go through t(). */
export function findHardCodedText(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const findings: Finding[] = [];
  const report = (node: ts.Node, what: string, value: string) =>
    findings.push({ file, line: lineOf(source, node), problem: `${what} ${JSON.stringify(value.replace(/\s+/g, ' ').trim())} is not translated` });
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && readable(node.text)) report(node, 'JSX text', node.text);
    if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      for (const value of literalTexts(node.expression)) if (readable(value)) report(node, 'JSX child', value);
    }
    if (ts.isJsxAttribute(node) && READABLE_ATTRIBUTES.has(node.name.getText(source)) && node.initializer) {
      const name = node.name.getText(source);
      const values = ts.isStringLiteral(node.initializer)
        ? [node.initializer.text]
        : ts.isJsxExpression(node.initializer) && node.initializer.expression
          ? literalTexts(node.initializer.expression)
          : [];
      for (const value of values) if (readable(value)) report(node, `${name}`, value);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

export type KeyUse = { file: string; line: number; key: string; pattern: RegExp | null };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every `t('key')` / `something.t('key')` call: a literal key, or a template key
 * (`role.${role}`) read as a pattern that at least one catalog key must match.
 */
export function findKeyUses(file: string, text: string): KeyUse[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const uses: KeyUse[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const callee = node.expression;
      const isT = (ts.isIdentifier(callee) && callee.text === 't') || (ts.isPropertyAccessExpression(callee) && callee.name.text === 't');
      const argument = node.arguments[0]!;
      if (isT && (ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument))) {
        uses.push({ file, line: lineOf(source, node), key: argument.text, pattern: null });
      } else if (isT && ts.isTemplateExpression(argument)) {
        const parts = [argument.head.text, ...argument.templateSpans.map((span) => span.literal.text)];
        uses.push({ file, line: lineOf(source, node), key: argument.getText(source), pattern: new RegExp(`^${parts.map(escapeRegExp).join('.+')}$`) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

/** Whether a catalog answers a key (directly, or through its `_one`/`_other` plural forms). */
export function catalogHas(catalog: Record<string, string>, use: Pick<KeyUse, 'key' | 'pattern'>): boolean {
  if (use.pattern) return Object.keys(catalog).some((key) => use.pattern!.test(key) || use.pattern!.test(key.replace(/_(zero|one|two|few|many|other)$/, '')));
  return use.key in catalog || `${use.key}_other` in catalog;
}

/**
 * The `{name}` placeholders of a message, sorted, to compare a translation with its original.
 * `{{name}}` is not one: it is the flows' variable syntax shown as text (and translated with it).
 */
export const placeholders = (message: string) => [...new Set([...message.matchAll(/(?<!\{)\{(\w+)\}(?!\})/g)].map((match) => match[1]!))].sort();

/** Keys one catalog has and the other lacks, and translations whose placeholders differ. */
export function compareCatalogs(catalogs: Record<string, Record<string, string>>): string[] {
  const problems: string[] = [];
  const languages = Object.keys(catalogs);
  for (const language of languages) {
    for (const other of languages) {
      if (other === language) continue;
      for (const key of Object.keys(catalogs[language]!)) if (!(key in catalogs[other]!)) problems.push(`${key} is in ${language} but not in ${other}`);
    }
  }
  const [first, ...rest] = languages;
  for (const key of Object.keys(catalogs[first!]!)) {
    for (const other of rest) {
      const translation = catalogs[other]![key];
      if (translation === undefined) continue;
      const want = placeholders(catalogs[first!]![key]!).join(', ');
      const got = placeholders(translation).join(', ');
      if (want !== got) problems.push(`${key}: ${other} has placeholders {${got}} where ${first} has {${want}}`);
      if (translation.trim() === '') problems.push(`${key}: ${other} is empty`);
    }
  }
  return problems;
}

/** Keys that two message modules both define (Object.assign would silently keep the last one). */
export function duplicateKeys(modules: ReadonlyArray<Record<string, Record<string, string>>>): string[] {
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  modules.forEach((module, index) => {
    for (const key of Object.keys(module.en ?? {})) {
      if (seen.has(key)) duplicates.push(`${key} is defined by modules ${seen.get(key)} and ${index}`);
      else seen.set(key, index);
    }
  });
  return duplicates;
}
