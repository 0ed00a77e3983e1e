import { runCli } from './main.js';

// The process edge of the CLI: real stdout/stderr/env and the exit code.

// A reader that goes away (`okrbot export | head -1`) closes the pipe: stop quietly with the exit
// code the command has so far, instead of dying on an unhandled EPIPE. The bot (`start`) keeps
// serving: its logs are not worth stopping check-ins for.
const serving = process.argv[2] === 'start';
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    if (!serving) process.exit(process.exitCode ?? 0);
  });
}

const code = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
process.exitCode = code;
