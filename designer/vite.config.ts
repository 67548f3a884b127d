import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin } from 'vite';
import type { createMockApi } from './dev/mock-api';

/**
 * `TONGBAN_MOCK_API=1 pnpm dev` answers `/api/v1` from the example catalogue inside the dev server (dev only: the
 * fixture never reaches the production bundle). Otherwise `/api` is proxied to the runtime at `TONGBAN_API_URL`.
 */
function mockApi(): Plugin {
  return {
    name: 'tongban-mock-api',
    apply: 'serve',
    configureServer(server) {
      // Loaded through Vite so the TypeScript workspace packages behind the fixture (@tongban/examples) resolve.
      const ready = server.ssrLoadModule('/dev/mock-api.ts')
        .then((module) => (module as { createMockApi: typeof createMockApi }).createMockApi());
      server.middlewares.use((req, res, next) => {
        void ready.then((handle) => handle(req, res)).then((handled) => { if (!handled) next(); }, next);
      });
    },
  };
}

export default defineConfig(() => {
  const mock = process.env.TONGBAN_MOCK_API === '1';
  const api = process.env.TONGBAN_API_URL ?? 'http://127.0.0.1:3000';
  return {
    plugins: [vue(), ...(mock ? [mockApi()] : [])],
    resolve: {
      alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
      // One preact for form-js (which pins <=10.15.1) and @bpmn-io/properties-panel (which resolves a newer one):
      // hooks break across two copies ("Cannot read properties of null (reading 'context')").
      dedupe: ['preact'],
    },
    define: {
      __VUE_I18N_FULL_INSTALL__: true,
      __VUE_I18N_LEGACY_API__: false,
      __INTLIFY_PROD_DEVTOOLS__: false,
    },
    server: {
      host: '127.0.0.1',
      port: 5173,
      proxy: mock ? undefined : { '/api': { target: api, changeOrigin: true } },
    },
    preview: { host: '127.0.0.1', port: 4173, proxy: { '/api': { target: api, changeOrigin: true } } },
    build: {
      target: 'es2022',
      sourcemap: false,
      chunkSizeWarningLimit: 2500,
    },
  };
});
