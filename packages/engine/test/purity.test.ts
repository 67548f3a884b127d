import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('../', import.meta.url));
const FORBIDDEN = ['knex', 'pg', 'pg-copy-streams', 'fastify', 'pino', 'vue', '@tongban/runtime', '@tongban/designer', '@electric-sql/pglite'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

describe('engine purity (STYLE.md module boundaries)', () => {
  it('does not depend on I/O packages', () => {
    // given the engine's manifest
    const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    // when its dependencies of every kind are listed
    const names = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) => Object.keys(manifest[field] ?? {}));
    // then none is forbidden
    expect(names.filter((name) => FORBIDDEN.includes(name) || name.startsWith('@fastify/'))).toEqual([]);
  });

  it('reads no clock, randomness, environment or file system in src', () => {
    const offenders: string[] = [];
    const patterns = [
      /Date\.now\(/,
      /new Date\(\s*\)/,
      /Math\.random\(/,
      /randomUUID\(/,
      /process\.env/,
      /\bsetTimeout\(/,
      /\bconsole\./,
      /from ['"](node:)?(fs|http|net|child_process)(\/promises)?['"]/,
    ];
    for (const file of sourceFiles(join(packageRoot, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of patterns) if (pattern.test(text)) offenders.push(`${file}: ${pattern}`);
    }
    expect(offenders).toEqual([]);
  });
});
