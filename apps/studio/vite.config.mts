import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The studio is a static single-page app. In development Vite proxies the registry's
 * REST API (`/v1`) to REGISTRY_URL, so the browser talks to one origin exactly as in
 * production, where the registry serves `dist/apps/studio` itself. `base: './'` keeps
 * every asset URL relative, so the same build works at `/` or under `/studio/`.
 */
export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  // The browser-safe entry of the contracts (tsconfig.base.json names the same path).
  resolve: { alias: { '@model-garden/contracts/browser': fileURLToPath(new URL('../../libs/contracts/src/browser.ts', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/studio', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    // The contracts are constants, types and pure functions: a module of them that the
    // first page does not use (the deployments' template reader and Mustache, the
    // experiments' rules) stays in the lazy section that does, instead of being kept in
    // the entry chunk for its top-level `textRule(...)` calls.
    rolldownOptions: { treeshake: { moduleSideEffects: [{ test: /[\\/]libs[\\/]contracts[\\/]src[\\/]/, sideEffects: false }] } },
  },
  server: {
    host: '127.0.0.1',
    port: Number(process.env['STUDIO_PORT'] ?? 4200),
    strictPort: true,
    proxy: { '/v1': { target: process.env['REGISTRY_URL'] ?? 'http://127.0.0.1:3000', changeOrigin: true } },
  },
  preview: { host: '127.0.0.1', port: 4300, proxy: { '/v1': { target: process.env['REGISTRY_URL'] ?? 'http://127.0.0.1:3000', changeOrigin: true } } },
});
