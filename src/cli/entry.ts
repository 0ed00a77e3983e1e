import { runCli } from './main.js';

// The process edge of the CLI: real stdout/stderr/env and the exit code.
const code = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
process.exitCode = code;
