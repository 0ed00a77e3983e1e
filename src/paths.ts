import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The okrbot installation this code runs from: the nearest folder above it holding `migrations/`.
 * Works the same from src/ (tsx), the bundle in dist/ and the Docker image.
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(resolve(dir, 'migrations', 'meta', '_journal.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('migrations/ folder not found next to okrbot');
    dir = up;
  }
}

export const projectRoot = findRoot();
