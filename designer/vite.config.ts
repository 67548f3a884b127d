import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

/**
 * The designer is served by the runtime at `/` (`designer/dist`, history-mode routes with the runtime's fallback to
 * `index.html`); in development Vite proxies `/api` to the runtime at `TONGBAN_API_URL` (default :3000).
 */
export default defineConfig(() => {
  const api = process.env.TONGBAN_API_URL ?? 'http://127.0.0.1:3000';
  return {
    base: '/',
    plugins: [vue()],
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
      proxy: { '/api': { target: api, changeOrigin: true } },
    },
    preview: { host: '127.0.0.1', port: 4173, proxy: { '/api': { target: api, changeOrigin: true } } },
    build: {
      target: 'es2022',
      sourcemap: false,
      chunkSizeWarningLimit: 2500,
    },
  };
});
