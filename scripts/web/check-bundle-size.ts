/** Run by `npm run build:web`: fails the build when the public pages' JavaScript exceeds its budget. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { checkBudget, publicFiles, type Manifest } from './bundle-budget';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'dist', 'web');
const manifest = JSON.parse(readFileSync(path.join(WEB_DIST, '.vite', 'manifest.json'), 'utf8')) as Manifest;
const { files, catalogs, problemCatalogs } = publicFiles(manifest);
const gz = (file: string): number => gzipSync(readFileSync(path.join(WEB_DIST, file)), { level: 9 }).length;
const result = checkBudget({
  files: Object.fromEntries(files.map((f) => [f, gz(f)])),
  catalogs: Object.fromEntries(catalogs.map((f) => [f, gz(f)])),
  problemCatalogs: Object.fromEntries(problemCatalogs.map((f) => [f, gz(f)])),
});
console.log(result.line);
if (!result.ok) process.exit(1);
