import * as path from 'node:path';
import { defineConfig } from 'vite';

const ROOT = import.meta.dirname;

/**
 * The single-page app is served by the API (same origin as /api/v1), so the dev server proxies the API
 * rather than enabling CORS. Every route is its own chunk (the routes use lazy components), and the
 * manifest lets scripts/web/check-bundle-size.ts measure what the public pages load.
 */
export default defineConfig({
  root: ROOT,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: path.resolve(ROOT, '../../dist/web'),
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    sourcemap: false,
    // The API's CSP is script-src 'self': no inline scripts, no data: URLs for modules.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // The public pages' budget is enforced by scripts/web/check-bundle-size.ts, not by this warning.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      // Mantine marks its modules "use client" for React Server Components; meaningless in a SPA.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    port: Number(process.env.WEB_DEV_PORT ?? 5173),
    proxy: { '/api': process.env.WEB_DEV_API ?? 'http://localhost:3000' },
  },
});
