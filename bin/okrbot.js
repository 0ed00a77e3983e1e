#!/usr/bin/env node
// Runs the CLI from the compiled build (dist/) when there is one, else from source through tsx
// (a dev dependency), so `npx okrbot` works straight after `npm ci` without a build step.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'cli', 'entry.ts');
const built = join(root, 'dist', 'cli', 'entry.js');

let entry = built;
if (existsSync(source)) {
  try {
    const { register } = await import('tsx/esm/api');
    register();
    entry = source;
  } catch {
    // tsx not installed (production image): use the build.
  }
}
if (!existsSync(entry)) {
  console.error('okrbot: no build found; run `npm ci` (development) or `npm run build`.');
  process.exit(1);
}
await import(pathToFileURL(entry).href);
