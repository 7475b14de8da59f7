// Every string a person reads is in both catalogs: each t('…') key used in the renderer exists in
// English and in Portuguese, the two catalogs have the same keys and the same placeholders, and JSX
// holds no hard-coded text (children, or readable attributes such as aria-label and placeholder).
// The first block proves each check finds what it should on small samples; the second holds them
// against every file of renderer/src.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOG, MESSAGE_MODULES } from './catalog';
import { catalogHas, compareCatalogs, duplicateKeys, findHardCodedText, findKeyUses } from './i18nAudit';

const RENDERER_SRC = fileURLToPath(new URL('..', import.meta.url));

describe('the i18n checks', () => {
  it('find hard-coded text in JSX children and readable attributes, and let translated and symbol-only text pass', () => {
    const sample = `
      export function Sample({ t, count, name }) {
        return (
          <section aria-label="Main area" title={t('ok.title')}>
            <h2>Recent orders</h2>
            <p>{t('ok.body')} · {count} →</p>
            <input placeholder={\`Search \${name}\`} />
            <img alt={count > 1 ? t('ok.many') : 'One picture'} />
            <span>{count > 0 && 'some left'}</span>
            <Field label="Language" />
            <span aria-hidden="true">UZZ</span>
            <span>{count} USD</span>
            <span className="muted big-word" data-testid="words-here">{'—'}</span>
          </section>
        );
      }`;
    expect(findHardCodedText('Sample.tsx', sample).map((finding) => [finding.line, finding.problem])).toEqual([
      [4, 'aria-label "Main area" is not translated'],
      [5, 'JSX text "Recent orders" is not translated'],
      [7, 'placeholder "Search" is not translated'],
      [8, 'alt "One picture" is not translated'],
      [9, 'JSX child "some left" is not translated'],
      [10, 'label "Language" is not translated'],
    ]);
  });

  it('read t() keys, literal and templated, and match them against a catalog with its plural forms', () => {
    const uses = findKeyUses('sample.tsx', "t('a.b'); state.t(`c.d`); t(`role.${role}`); t('items', { count }); other('x.y');");
    expect(uses.map((use) => use.key)).toEqual(['a.b', 'c.d', '`role.${role}`', 'items']);
    const catalog = { 'a.b': 'A', 'role.owner': 'Owner', items_one: '1 item', items_other: '{count} items' };
    expect(uses.map((use) => catalogHas(catalog, use))).toEqual([true, false, true, true]);
    expect(catalogHas({ 'roles.owner': 'x' }, uses[2]!)).toBe(false);
  });

  it('compare the catalogs: keys on one side only, placeholders that differ, empty translations, keys defined twice', () => {
    expect(
      compareCatalogs({
        en: { same: 'Hi {name}', onlyEn: 'x', moved: '{count} of {total}', syntax: 'text with {{variables}}' },
        'pt-BR': { same: 'Oi {name}', onlyPt: 'y', moved: '{count} de {totals}', syntax: 'texto com {{variáveis}}' },
      }),
    ).toEqual([
      'onlyEn is in en but not in pt-BR',
      'onlyPt is in pt-BR but not in en',
      'moved: pt-BR has placeholders {count, totals} where en has {count, total}',
    ]);
    expect(compareCatalogs({ en: { a: 'A' }, 'pt-BR': { a: ' ' } })).toEqual(['a: pt-BR is empty']);
    expect(duplicateKeys([{ en: { a: 'A' } }, { en: { b: 'B', a: 'A again' } }])).toEqual(['a is defined by modules 0 and 1']);
  });
});

describe('the renderer', () => {
  const files = (readdirSync(RENDERER_SRC, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file) && !file.endsWith('.d.ts'))
    .sort()
    .map((file) => ({ file: file.split('\\').join('/'), text: readFileSync(`${RENDERER_SRC}/${file}`, 'utf8') }));

  it('is scanned whole (the scan found the screens)', () => {
    expect(files.map((entry) => entry.file)).toEqual(expect.arrayContaining(['app/AppShell.tsx', 'features/spend/ClientDashboard.tsx']));
    expect(files.filter((entry) => entry.file.endsWith('.tsx')).length).toBeGreaterThan(50);
  });

  it('uses only keys that both catalogs have', () => {
    const missing = files.flatMap(({ file, text }) =>
      findKeyUses(file, text).flatMap((use) =>
        (['en', 'pt-BR'] as const)
          .filter((language) => !catalogHas(CATALOG[language], use))
          .map((language) => `${file}:${use.line} ${use.key} is missing from ${language}`),
      ),
    );
    expect(missing).toEqual([]);
    expect(files.reduce((total, { file, text }) => total + findKeyUses(file, text).length, 0)).toBeGreaterThan(500);
  });

  it('has catalogs with the same keys and placeholders in English and Portuguese, each key defined once', () => {
    expect(compareCatalogs(CATALOG)).toEqual([]);
    expect(duplicateKeys(MESSAGE_MODULES)).toEqual([]);
  });

  it('has no hard-coded text in JSX', () => {
    const findings = files.filter(({ file }) => file.endsWith('.tsx')).flatMap(({ file, text }) => findHardCodedText(file, text));
    expect(findings.map((finding) => `${finding.file}:${finding.line} ${finding.problem}`)).toEqual([]);
  });
});
