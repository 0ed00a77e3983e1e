import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `node .bench-build/bench/profile.js <dir or .cpuprofile> [out.folded]`: where a `--cpu-prof`
 * profile's time goes (BENCH_PROFILE=<dir> makes the requests bench write one for okrbot): the top
 * functions by self and by total time, and the folded stacks — the input of a flame graph
 * (flamegraph.pl, speedscope, or https://www.speedscope.app) — written beside it.
 */

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const where = (n: Node) => {
  const file = n.callFrame.url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\//, '~/')
    .replace(/.*\/(src|bench)\//, '$1/');
  return `${n.callFrame.functionName || '(anonymous)'}${file ? ` ${file}:${n.callFrame.lineNumber + 1}` : ''}`;
};

export function summarise(profile: Profile, top = 25) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  const folded = new Map<string, number>();
  for (const [id, ms] of self) {
    const stack: string[] = [];
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const name = where(byId.get(cur)!);
      stack.push(name);
      if (!seen.has(name)) totalBy.set(name, (totalBy.get(name) ?? 0) + ms);
      seen.add(name);
    }
    selfBy.set(stack[0]!, (selfBy.get(stack[0]!) ?? 0) + ms);
    const key = stack.reverse().join(';');
    folded.set(key, (folded.get(key) ?? 0) + ms);
  }
  const rank = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: `${((ms / total) * 100).toFixed(1)} %` }));
  return {
    totalMs: total,
    self: rank(selfBy),
    total: rank(totalBy),
    folded: [...folded].map(([k, ms]) => `${k} ${Math.max(1, Math.round(ms * 1000))}`).join('\n'),
  };
}

if (/profile\.[jt]s$/.test(process.argv[1] ?? '')) {
  const arg = process.argv[2]!;
  const file = statSync(arg).isDirectory()
    ? join(
        arg,
        readdirSync(arg)
          .filter((f) => f.endsWith('.cpuprofile'))
          .sort()
          .at(-1)!,
      )
    : arg;
  const s = summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const out = process.argv[3] ?? file.replace(/\.cpuprofile$/, '.folded');
  writeFileSync(out, `${s.folded}\n`);
  console.log(`${file}: ${Math.round(s.totalMs)} ms sampled; folded stacks (flame graph input) in ${out}`);
  console.log('\nTop by self time');
  for (const r of s.self) console.log(`  ${String(r.ms).padStart(6)} ms  ${r.share.padStart(7)}  ${r.name}`);
  console.log('\nTop by total time (inclusive)');
  for (const r of s.total) console.log(`  ${String(r.ms).padStart(6)} ms  ${r.share.padStart(7)}  ${r.name}`);
}
