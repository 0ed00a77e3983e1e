import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The README stands alone: every relative link points at a file in the repository. */
describe('documentation links', () => {
  for (const doc of ['README.md', 'docs/okr-method.md']) {
    it(`${doc} links only to files a clone has`, () => {
      const text = readFileSync(doc, 'utf8');
      const targets = [...text.matchAll(/\]\(([^)\s]+)\)|`(\.\.\/[^`]+)`/g)].map((m) => m[1] ?? m[2]!).filter((t) => !/^(https?:|mailto:|#)/.test(t));
      const broken = targets.filter((t) => t.startsWith('../') || !existsSync(join(dirname(doc), t.split('#')[0]!)));
      expect(broken).toEqual([]);
    });
  }
});

describe('.gitignore', () => {
  it('covers every file the README tells people to write', () => {
    // export > okrs.csv, decisions export > decision-log.md, the default database, backup backups/….
    const written = ['okrs.csv', 'decision-log.md', 'data/okrbot.db', 'data/okrbot.db-wal', 'backups/okrbot-2027-01-01.db'];
    const r = spawnSync('git', ['check-ignore', '--no-index', ...written], { encoding: 'utf8' });
    expect(r.stdout.trim().split('\n').sort()).toEqual([...written].sort());
  });
});
