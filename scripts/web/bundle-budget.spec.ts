import { checkBudget, publicFiles, type Manifest } from './bundle-budget';

const manifest: Manifest = {
  'index.html': {
    file: 'assets/index.js',
    isEntry: true,
    imports: ['_shared.js'],
    dynamicImports: ['src/a.tsx', 'src/private.tsx'],
  },
  '_shared.js': { file: 'assets/shared.js' },
  '_form.js': { file: 'assets/form.js', imports: ['_shared.js'] },
  'src/a.tsx': { file: 'assets/a.js', imports: ['_form.js'] },
  'src/private.tsx': { file: 'assets/private.js', imports: ['_huge.js'] },
  '_huge.js': { file: 'assets/huge.js' },
  'src/i18n/messages/en.json': { file: 'assets/en.js' },
  'src/i18n/messages/de.json': { file: 'assets/de.js' },
  'src/i18n/problems/en.json': { file: 'assets/problems-en.js' },
  'src/i18n/problems/de.json': { file: 'assets/problems-de.js' },
};

describe('public bundle budget', () => {
  it('counts the entry and the public routes with their static imports, each once, never private routes', () => {
    const { files, catalogs, problemCatalogs } = publicFiles(manifest, ['src/a.tsx']);
    expect(files.sort()).toEqual(['assets/a.js', 'assets/form.js', 'assets/index.js', 'assets/shared.js']);
    expect(catalogs.sort()).toEqual(['assets/de.js', 'assets/en.js']);
    expect(problemCatalogs.sort()).toEqual(['assets/problems-de.js', 'assets/problems-en.js']);
  });

  it('fails an unknown public route rather than measuring nothing', () => {
    expect(() => publicFiles(manifest, ['src/missing.tsx'])).toThrow(/no chunk src\/missing.tsx/);
  });

  it('adds the largest catalog and fails above the budget, printing the figure', () => {
    const under = checkBudget({ files: { a: 100_000, b: 50_000 }, catalogs: { en: 4_000, de: 5_000 } }, 200_000);
    expect(under).toMatchObject({ ok: true, totalBytes: 155_000 });
    expect(under.line).toMatch(/151\.4 KB gzip/);
    const withProblems = checkBudget(
      { files: { a: 100_000 }, catalogs: { en: 4_000 }, problemCatalogs: { en: 3_000, de: 2_000 } },
      200_000,
    );
    expect(withProblems.totalBytes).toBe(107_000);
    const over = checkBudget({ files: { a: 250 * 1024 }, catalogs: { en: 1 } });
    expect(over.ok).toBe(false);
    expect(over.line).toMatch(/OVER BUDGET/);
  });
});
