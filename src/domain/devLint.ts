/** What these rules read and say (lint.ts's shapes, restated here so the two files do not import each other). */
interface Titled {
  id: string;
  title: string;
}
interface DevFinding {
  id: string;
  rule: 'kr-is-output' | 'kr-individual-output' | 'objective-speed-without-quality';
  message: string;
  suggestion: string;
}

/**
 * The engineering part of our method (shared/developer-okrs.md) as lint rules: measure outcomes,
 * not output; team results, not individual counts; speed only beside a quality counterweight.
 * Patterns are matched on the KR titles, lower-cased; each rule has near misses it must not flag
 * ("Reduce lead time from 5 days to 1 day" is not output; "Close 150 tickets" is).
 */

/** Counting activity: code, commits, PRs, tickets and tasks done, story points, features shipped, hours logged. */
const OUTPUT: RegExp[] = [
  /\blines of code\b|\bloc\b/,
  /\bstory points?\b|\bvelocity\b/,
  /\bcommits\b/,
  /\b(\d[\d,]*|number of|more)\s+(pull requests|prs)\b|\b(pull requests|prs)\s+(merged|opened|shipped|closed|created)\b/,
  /\b(close|closing|resolve|complete|finish|handle)\s+(\d[\d,]*\s+)?(jira\s+)?(tickets|tasks|issues|stories)\b/,
  /\b(tickets|tasks|issues|stories)\s+(closed|resolved|completed|done|delivered)\b/,
  /\bnumber of features\b|\b(ship|deliver|build|release)\s+\d+\s+(new\s+)?features\b|\bfeatures\s+(shipped|delivered|built|released)\b/,
  /\bhours\s+(logged|worked|billed)\b|\b(log|work|bill)\s+\d[\d,]*\s+hours\b/,
];
const INDIVIDUAL = /\b(per|each|every)\s+(developer|engineer|dev|programmer|person|head|team member)\b/;
const SPEED =
  /\bdeploy(ment)?s?\s+frequency\b|\b(deploys|deployments|releases)\s+(per|a)\s+(day|week)\b|\brelease frequency\b|\blead time\b|\bcycle time\b|\bbuild time\b|\bci time\b|\btime to (ship|merge|deploy)\b|\bmerge time\b/;
const QUALITY =
  /\bchange failure rate\b|\bfailure rate\b|\bincidents?\b|\bmttr\b|\btime to (restore|recover|repair)\b|\bdefects?\b|\bescaped\b|\bbugs?\b|\bp9[059]\b|\blatency\b|\berror (budget|rate)\b|\bavailability\b|\buptime\b|\bslos?\b|\brollbacks?\b/;

export function lintKrForOutput(kr: Titled, findings: { push(f: DevFinding): unknown }): void {
  const title = kr.title.toLowerCase();
  if (OUTPUT.some((r) => r.test(title))) {
    findings.push({
      id: kr.id,
      rule: 'kr-is-output',
      message: `KR "${kr.title}" counts activity (output), not the outcome it should move`,
      suggestion:
        'Measure the effect of the work, e.g. "Close 150 tickets" → "Cut median time to resolve a customer issue from 5 days to 2"; "Merge 200 PRs" → "Cut lead time for changes from 5 days to 1".',
    });
  }
  if (INDIVIDUAL.test(title)) {
    findings.push({
      id: kr.id,
      rule: 'kr-individual-output',
      message: `KR "${kr.title}" measures each person's output, not the team's result`,
      suggestion:
        'Make it the team\'s result with one accountable owner, e.g. "bugs fixed per engineer" → "Cut escaped defects from 12 to 4 a month".',
    });
  }
}

export function lintObjectiveForBalance(o: Titled, live: Titled[], findings: { push(f: DevFinding): unknown }): void {
  const titles = live.map((k) => k.title.toLowerCase());
  const speed = titles.find((t) => SPEED.test(t) && !QUALITY.test(t));
  if (!speed || titles.some((t) => QUALITY.test(t))) return;
  findings.push({
    id: o.id,
    rule: 'objective-speed-without-quality',
    message: `objective ${o.id} pushes speed with no quality counterweight among its KRs`,
    suggestion:
      'Add a quality KR beside it, so speed is not bought with stability: change failure rate, incidents, MTTR, escaped defects, p95 latency or error budget (e.g. "Keep change failure rate under 10%").',
  });
}
