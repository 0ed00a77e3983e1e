import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/db.js';

/**
 * bin/okrbot.js runs the build while it is current and the sources once one is newer. Checked on a
 * copy of the launcher next to a stand-in build and stand-in sources that say which one ran.
 */
function layout() {
  const dir = tempDir();
  for (const d of ['bin', 'dist', 'src/cli']) mkdirSync(join(dir, d), { recursive: true });
  copyFileSync('bin/okrbot.js', join(dir, 'bin', 'okrbot.js'));
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'dist', 'okrbot.js'), "console.log('build');\n");
  writeFileSync(join(dir, 'src', 'cli', 'entry.ts'), "const from: string = 'sources';\nconsole.log(from);\n");
  return dir;
}
const run = (dir: string) =>
  spawnSync(process.execPath, [join(dir, 'bin', 'okrbot.js')], { encoding: 'utf8' }).stdout.trim();
const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);

describe('bin/okrbot.js', () => {
  it('runs the build while it is newer than every source, the sources once one is edited', () => {
    const dir = layout();
    at(join(dir, 'src', 'cli', 'entry.ts'), 1_000);
    writeFileSync(join(dir, 'dist', 'BUILT'), 'now\n');
    at(join(dir, 'dist', 'BUILT'), 2_000);
    expect(run(dir)).toBe('build');
    at(join(dir, 'src', 'cli', 'entry.ts'), 3_000); // edited after the build
    expect(run(dir)).toBe('sources');
  });

  it('runs the sources when there is no build yet', () => {
    expect(run(layout())).toBe('sources');
  });
});
