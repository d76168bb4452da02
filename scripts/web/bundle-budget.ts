/**
 * The public pages' JavaScript budget (SPEC §10: ≤ 250 KB compressed): the entry chunk plus every chunk
 * the public routes import statically, each counted once, plus the largest message catalog and the
 * largest problem catalog (a visitor loads one of each, in its language). Pure functions over Vite's manifest;
 * `check-bundle-size.ts` reads the files.
 */
export const PUBLIC_BUDGET_BYTES = 250 * 1024;

/** The source modules of the pages anyone may open without signing in. */
export const PUBLIC_ROUTE_MODULES = [
  'src/features/calls/routes/calls-page.tsx',
  'src/features/calls/routes/call-page.tsx',
  'src/features/auth/routes/sign-in-page.tsx',
  'src/features/auth/routes/register-page.tsx',
  'src/features/auth/routes/verify-email-page.tsx',
  'src/features/auth/routes/forgot-password-page.tsx',
  'src/features/auth/routes/reset-password-page.tsx',
  'src/features/auth/routes/accept-invitation-page.tsx',
];

export interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

export type Manifest = Record<string, ManifestChunk>;

/** Files (relative to the build folder) a visitor of the public pages downloads, each once. */
export function publicFiles(
  manifest: Manifest,
  routeModules: readonly string[] = PUBLIC_ROUTE_MODULES,
): { files: string[]; catalogs: string[]; problemCatalogs: string[] } {
  const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
  if (entries.length !== 1) throw new Error(`expected one entry chunk in the manifest, found ${entries.length}`);
  const seen = new Set<string>();
  const visit = (key: string): void => {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the manifest has no chunk ${key}`);
    if (seen.has(key)) return;
    seen.add(key);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entries[0][0]);
  for (const route of routeModules) visit(route);
  const catalogsIn = (folder: string) =>
    Object.keys(manifest)
      .filter((key) => new RegExp(`/${folder}/[a-z]{2}\\.json$`).test(key))
      .map((key) => manifest[key].file);
  return {
    files: [...seen].map((key) => manifest[key].file),
    catalogs: catalogsIn('messages'),
    problemCatalogs: catalogsIn('problems'),
  };
}

export interface BudgetResult {
  totalBytes: number;
  budgetBytes: number;
  ok: boolean;
  line: string;
}

/** Sums compressed sizes: every public file plus the largest catalog of each kind, against the budget. */
export function checkBudget(
  sizes: { files: Record<string, number>; catalogs: Record<string, number>; problemCatalogs?: Record<string, number> },
  budgetBytes = PUBLIC_BUDGET_BYTES,
): BudgetResult {
  const files = Object.values(sizes.files).reduce((a, b) => a + b, 0);
  const catalog =
    Math.max(0, ...Object.values(sizes.catalogs)) + Math.max(0, ...Object.values(sizes.problemCatalogs ?? {}));
  const totalBytes = files + catalog;
  const kb = (n: number) => (n / 1024).toFixed(1);
  const ok = totalBytes <= budgetBytes;
  return {
    totalBytes,
    budgetBytes,
    ok,
    line:
      `public pages JavaScript: ${kb(totalBytes)} KB gzip (${Object.keys(sizes.files).length} chunks + largest ` +
      `catalog ${kb(catalog)} KB) of ${kb(budgetBytes)} KB budget${ok ? '' : ' — OVER BUDGET'}`,
  };
}
