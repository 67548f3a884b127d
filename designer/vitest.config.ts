import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineProject } from 'vitest/config';

/** Unit and component tests of the designer (`*.test.ts` beside the source), in a simulated DOM. */
export default defineProject({
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    name: 'designer',
    environment: 'happy-dom',
    include: ['src/**/*.test.ts', 'dev/**/*.test.ts'],
  },
});
