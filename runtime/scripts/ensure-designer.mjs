#!/usr/bin/env node
// Builds the designer when its build is missing or older than its sources, so `pnpm start` serves a current
// designer at `/`. Runs before the runtime starts; a no-op when the build is up to date.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const built = path.join(repo, 'designer/dist/index.html');

function newest(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(target)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    latest = Math.max(latest, newest(path.join(target, entry)));
  }
  return latest;
}

const sources = ['designer/src', 'designer/index.html', 'designer/vite.config.ts', 'designer/package.json', 'packages', 'schemas/src']
  .map((entry) => newest(path.join(repo, entry)));
const stale = !existsSync(built) || statSync(built).mtimeMs < Math.max(...sources);
if (stale) {
  console.log('building the designer (designer/dist) …');
  execSync('pnpm --filter @tongban/designer build', { cwd: repo, stdio: 'inherit' });
}
