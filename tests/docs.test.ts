import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

const anchorsOf = (file: string) =>
  new Set([...readFileSync(file, 'utf8').matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1]!)));

const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** Every relative link in the docs points at a file a clone has, and at a heading that exists there. */
describe('documentation links', () => {
  for (const doc of DOCS) {
    it(`${doc} links only to files a clone has, and to headings they have`, () => {
      const text = readFileSync(doc, 'utf8').replace(/```[\s\S]*?```/g, '');
      const targets = [...text.matchAll(/\]\(([^)\s]+)\)|`(\.\.\/[^`]+)`/g)]
        .map((m) => m[1] ?? m[2]!)
        .filter((t) => !/^(https?:|mailto:)/.test(t));
      const broken = targets.filter((t) => {
        const [path, anchor] = t.split('#') as [string, string | undefined];
        const file = path ? join(dirname(doc), path) : doc;
        if (relative('.', file).startsWith('..') || !existsSync(file)) return true; // outside the repository, or missing
        return anchor !== undefined && file.endsWith('.md') && !anchorsOf(file).has(anchor);
      });
      expect(broken).toEqual([]);
    });
  }

  it('the README is one to three screens for a newcomer', () => {
    expect(readFileSync('README.md', 'utf8').split('\n').length).toBeLessThanOrEqual(250);
  });
});

describe('.gitignore', () => {
  it('covers every file the README tells people to write', () => {
    // export > okrs.csv, decisions export > decision-log.md, the default database, backup backups/….
    const written = [
      'okrs.csv',
      'decision-log.md',
      'data/okrbot.db',
      'data/okrbot.db-wal',
      'backups/okrbot-2027-01-01.db',
    ];
    const r = spawnSync('git', ['check-ignore', '--no-index', ...written], { encoding: 'utf8' });
    expect(r.stdout.trim().split('\n').sort()).toEqual([...written].sort());
  });
});
