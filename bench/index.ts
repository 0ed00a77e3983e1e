import { runCrashBench } from './crash.js';
import { runDigestBench } from './digest.js';
import { runFanoutBench } from './fanout.js';
import { RESULTS } from './lib.js';
import { runRequestsBench } from './requests.js';

/** `npm run bench`: all three benchmarks (or the ones named), tables on stdout, figures in bench/results.json. */
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
if (want('requests')) await runRequestsBench();
if (want('fanout')) await runFanoutBench();
if (want('digest')) await runDigestBench();
if (want('crash')) await runCrashBench();
console.log(`\nResults written to ${RESULTS}`);
