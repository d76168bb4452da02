import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { API_TYPES_FILE, buildDocumentOffline, generateApiTypes } from './generate-api-types';

/** `npm run api:types`: regenerates the web app's API types from the document the API builds. */
async function main(): Promise<void> {
  const document = await buildDocumentOffline();
  writeFileSync(API_TYPES_FILE, await generateApiTypes(document));
  console.log(`wrote ${relative(process.cwd(), API_TYPES_FILE)} (${Object.keys(document.paths).length} paths)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
