import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contracts, validate, type ContractName } from '../src/index';

interface Fixture {
  description: string;
  input: unknown;
  expected?: Array<{ code: string; path: string }>;
}

const fixturesDir = new URL('./fixtures/', import.meta.url);

function fixturesOf(contract: string): Array<[string, Fixture]> {
  return readdirSync(new URL(`${contract}/`, fixturesDir))
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => [file, JSON.parse(readFileSync(new URL(`${contract}/${file}`, fixturesDir), 'utf8')) as Fixture]);
}

const sortIssues = (issues: Array<{ code: string; path: string }>) =>
  issues.map(({ code, path }) => ({ code, path })).sort((a, b) => (a.path + a.code).localeCompare(b.path + b.code));

describe('contracts', () => {
  for (const contract of Object.keys(contracts) as ContractName[]) {
    describe(contract, () => {
      const fixtures = fixturesOf(contract);

      it('has valid and invalid fixtures', () => {
        expect(fixtures.some(([file]) => file.startsWith('valid-'))).toBe(true);
        expect(fixtures.some(([file]) => file.startsWith('invalid-'))).toBe(true);
      });

      for (const [file, fixture] of fixtures) {
        if (file.startsWith('valid-')) {
          it(`accepts ${file}: ${fixture.description}`, () => {
            const result = validate(contract, fixture.input);
            expect(result.ok ? [] : result.issues).toEqual([]);
          });
        } else {
          it(`refuses ${file} for exactly the reason it names: ${fixture.description}`, () => {
            // given a document broken in one named way
            // when it is validated
            const result = validate(contract, fixture.input);
            // then it fails with exactly the named issues, each with a bilingual message
            expect(result.ok).toBe(false);
            if (result.ok) return;
            expect(sortIssues(result.issues)).toEqual(sortIssues(fixture.expected ?? []));
            for (const issue of result.issues) {
              expect(issue.message.zh.length).toBeGreaterThan(0);
              expect(issue.message.en.length).toBeGreaterThan(0);
            }
          });
        }
      }
    });
  }
});

describe('contract documents', () => {
  it('are JSON Schema 2020-12 documents with a versioned $id we own', () => {
    for (const schema of Object.values(contracts)) {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toMatch(/^https:\/\/schemas\.tongban\.dev\/v1\/[a-z-]+\.json$/);
    }
  });

  it('survive a JSON round trip unchanged, so they can be published as files', () => {
    for (const schema of Object.values(contracts)) {
      expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    }
  });
});
