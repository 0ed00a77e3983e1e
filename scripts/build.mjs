// Builds okrbot for running: one esbuild bundle of the CLI (and the bot it starts) in dist/,
// split so each command loads only its own code. Bundling cuts start-up from ~0.9 s (hundreds of
// ES modules resolved one by one) to ~0.3 s. Type-checking is `npm test`'s job (tsc --noEmit).
//
//   node scripts/build.mjs               build (npm run build)
//   node scripts/build.mjs --if-sources  build only where src/ and esbuild exist (npm's prepare
//                                        step: skipped in the Docker stage that installs before
//                                        copying the sources, and in production installs)
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const entry = join(root, 'src', 'cli', 'entry.ts');

if (process.argv.includes('--if-sources') && !existsSync(entry)) process.exit(0);
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  if (process.argv.includes('--if-sources')) process.exit(0); // production install: no dev tools
  throw new Error('esbuild is not installed: run npm ci');
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await esbuild.build({
  entryPoints: { okrbot: entry },
  outdir: out,
  bundle: true,
  splitting: true,
  minify: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The native SQLite binding is loaded from node_modules as compiled for this machine. Vega and
  // resvg are used by the chart worker (plain JavaScript, copied below), never by the bundle.
  external: ['better-sqlite3', '@resvg/resvg-js', 'dejavu-fonts-ttf', 'vega', 'vega-lite'],
  // Bundled CommonJS dependencies (Bolt) call require(); give every chunk one.
  banner: { js: "import { createRequire as __okrbotRequire } from 'node:module'; const require = __okrbotRequire(import.meta.url);" },
  logLevel: 'warning',
});
// The chart renderer's worker thread, loaded as new URL('./renderWorker.mjs', import.meta.url).
copyFileSync(join(root, 'src', 'charts', 'renderWorker.mjs'), join(out, 'renderWorker.mjs'));
// bin/okrbot.js runs this build only while it is newer than every source file.
writeFileSync(join(out, 'BUILT'), `${new Date().toISOString()}\n`);
