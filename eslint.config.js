// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { createRequire } from 'node:module';

// The designer's Vue single-file components are linted with eslint-plugin-vue, a dependency of the designer
// workspace (resolved from there so the root needs no Vue tooling).
const designerRequire = createRequire(new URL('./designer/package.json', import.meta.url));
const pluginVue = designerRequire('eslint-plugin-vue');

const pureForbiddenImports = {
  paths: ['knex', 'pg', 'pg-copy-streams', 'fastify', 'pino', 'vue', 'fs', 'http', 'net', 'child_process',
    'node:fs', 'node:fs/promises', 'node:http', 'node:net', 'node:child_process', '@electric-sql/pglite'].map((name) => ({
    name,
    message: 'pure packages do no I/O (STYLE.md, module boundaries)',
  })),
  patterns: [
    { group: ['**/runtime/**', '**/designer/**', '@tongban/runtime', '@tongban/designer'], message: 'arrows point inward' },
    { group: ['@fastify/*'], message: 'pure packages do no I/O' },
  ],
};

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/.data/**', 'test-artifacts/**', 'bench-results/**', 'coverage/**',
      'designer/public/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['packages/engine/src/**/*.ts', 'packages/forms/src/**/*.ts', 'packages/calendar/src/**/*.ts', 'packages/gov-codes/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', pureForbiddenImports],
      'no-restricted-globals': ['error',
        { name: 'process', message: 'pure packages read no environment' },
        { name: 'setTimeout', message: 'time is an argument in pure packages' },
        { name: 'setInterval', message: 'time is an argument in pure packages' },
        { name: 'console', message: 'pure packages return data, they do not log' },
      ],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'time is an argument in pure packages' },
        { object: 'Math', property: 'random', message: 'randomness is an argument in pure packages' },
        { object: 'crypto', property: 'randomUUID', message: 'ids are an argument in pure packages' },
      ],
      'no-restricted-syntax': ['error', {
        selector: "NewExpression[callee.name='Date'][arguments.length=0]",
        message: 'time is an argument in pure packages',
      }],
    },
  },
  ...pluginVue.configs['flat/recommended'].map((config) => ({ ...config, files: ['designer/**/*.vue'] })),
  {
    files: ['designer/**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' } },
    rules: {
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/html-self-closing': ['error', { html: { void: 'always', normal: 'always', component: 'always' } }],
    },
  },
  {
    files: ['designer/src/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['designer/src/**/*.{ts,vue}'],
    ignores: ['designer/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['@tongban/examples', '**/dev/*'], message: 'fixtures stay out of the production bundle (tests and dev only)' }],
      }],
    },
  },
  {
    files: ['designer/src/stores/**/*.ts'],
    ignores: ['designer/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@/views/*', '@/router', '@/router/*', '**/views/**', '**/router/**'], message: 'stores never import views or the router (STYLE.md)' },
          { group: ['@tongban/examples', '**/dev/*'], message: 'fixtures stay out of the production bundle (tests and dev only)' },
        ],
      }],
    },
  },
);
