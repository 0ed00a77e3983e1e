import { parse as parseCsv } from 'csv-parse/sync';
import { OkrFileError, okrDocSchema, pathString, type FileProblem, type OkrDoc } from './schema.js';

/** The CSV form of an OKR file: one row per key result, team and cycle fields repeated. */

export const CSV_COLUMNS = [
  'cycle',
  'cycle_start',
  'cycle_end',
  'cycle_mid',
  'team',
  'team_timezone',
  'team_channel',
  'checkin_day',
  'checkin_time',
  'digest_day',
  'digest_time',
  'reminder_count',
  'reminder_delay_hours',
  'quiet_start',
  'quiet_end',
  'objective_id',
  'objective_title',
  'kr_id',
  'kr_title',
  'owner',
  'baseline',
  'target',
  'unit',
  'status',
  'measurement',
  'initiatives',
] as const;
const TEAM_CSV_FIELDS = [
  ['timezone', 'team_timezone'],
  ['channel', 'team_channel'],
  ['checkin_day', 'checkin_day'],
  ['checkin_time', 'checkin_time'],
  ['digest_day', 'digest_day'],
  ['digest_time', 'digest_time'],
  ['reminder_count', 'reminder_count'],
  ['reminder_delay_hours', 'reminder_delay_hours'],
  ['quiet_start', 'quiet_start'],
  ['quiet_end', 'quiet_end'],
] as const;
const REQUIRED_CSV = [
  'cycle',
  'cycle_start',
  'cycle_end',
  'team',
  'objective_id',
  'objective_title',
  'kr_id',
  'kr_title',
];

function csvLinks(cell: string): Array<{ url: string; title?: string }> {
  return cell
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [url, ...title] = l.split(/\s+/);
      return { url: url!, ...(title.length && { title: title.join(' ') }) };
    });
}

export function parseCsvDoc(fileName: string, source: string): OkrDoc {
  let rows: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    rows = parseCsv(source, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      info: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new OkrFileError([
      { where: err.lines ? `${fileName}:${err.lines}` : fileName, message: `CSV syntax: ${err.message}` },
    ]);
  }
  const problems: FileProblem[] = [];
  const header = Object.keys(rows[0]?.record ?? {});
  if (rows.length === 0)
    throw new OkrFileError([
      { where: fileName, message: 'no rows: expected a header line and one row per key result' },
    ]);
  const missing = REQUIRED_CSV.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (missing.length) problems.push({ where: `${fileName}:1`, message: `missing column(s): ${missing.join(', ')}` });
  if (unknown.length)
    problems.push({
      where: `${fileName}:1`,
      message: `unknown column(s): ${unknown.join(', ')} (known: ${CSV_COLUMNS.join(', ')})`,
    });
  if (problems.length) throw new OkrFileError(problems);

  // Build the nested shape, remembering which CSV line produced each path for error messages.
  const linesByPath = new Map<string, number>();
  const cycleFields: Record<string, string | undefined> = {};
  const teams: Array<
    Record<string, unknown> & { objectives: Array<Record<string, unknown> & { key_results: unknown[] }> }
  > = [];
  const conflict = (line: number, what: string, a: string, b: string) =>
    problems.push({ where: `${fileName}:${line}`, message: `${what} is "${b}" here but "${a}" on an earlier row` });
  const opt = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

  for (const { record: r, info } of rows) {
    const line = info.lines;
    for (const [field, col] of [
      ['name', 'cycle'],
      ['start', 'cycle_start'],
      ['end', 'cycle_end'],
      ['mid', 'cycle_mid'],
    ] as const) {
      const v = opt(r[col]);
      if (v === undefined) continue;
      if (cycleFields[field] !== undefined && cycleFields[field] !== v) conflict(line, col, cycleFields[field]!, v);
      else if (cycleFields[field] === undefined) {
        cycleFields[field] = v;
        linesByPath.set(`cycle.${field}`, line);
      }
    }
    let ti = teams.findIndex((t) => t.name === r.team);
    if (ti === -1) {
      ti = teams.push({ name: r.team, objectives: [] }) - 1;
      linesByPath.set(`teams[${ti}]`, line);
    }
    const team = teams[ti]!;
    for (const [field, col] of TEAM_CSV_FIELDS) {
      const v = opt(r[col]);
      if (v === undefined) continue;
      if (team[field] !== undefined && team[field] !== v)
        conflict(line, `${col} of team ${r.team}`, String(team[field]), v);
      else if (team[field] === undefined) {
        team[field] = v;
        linesByPath.set(`teams[${ti}].${field}`, line);
      }
    }
    let oi = team.objectives.findIndex((o) => o.id === r.objective_id);
    if (oi === -1) {
      oi = team.objectives.push({ id: r.objective_id, title: r.objective_title, key_results: [] }) - 1;
      linesByPath.set(`teams[${ti}].objectives[${oi}]`, line);
    } else if (team.objectives[oi]!.title !== r.objective_title) {
      conflict(
        line,
        `objective_title of ${r.objective_id}`,
        String(team.objectives[oi]!.title),
        r.objective_title ?? '',
      );
    }
    const objective = team.objectives[oi]!;
    const ki =
      objective.key_results.push({
        id: r.kr_id,
        title: r.kr_title,
        owner: opt(r.owner),
        baseline: opt(r.baseline),
        target: opt(r.target),
        unit: opt(r.unit),
        measurement: opt(r.measurement),
        // One linked piece of work per line of the cell: "https://… optional title".
        ...(opt(r.initiatives) !== undefined && { initiatives: csvLinks(r.initiatives!) }),
        status: opt(r.status),
      }) - 1;
    linesByPath.set(`teams[${ti}].objectives[${oi}].key_results[${ki}]`, line);
  }
  if (problems.length) throw new OkrFileError(problems);

  const result = okrDocSchema.safeParse({ cycle: cycleFields, teams });
  if (!result.success) {
    throw new OkrFileError(
      result.error.issues.map((issue) => {
        const path = pathString(issue.path);
        let line: number | undefined;
        for (let n = issue.path.length; n >= 0 && line === undefined; n--)
          line = linesByPath.get(pathString(issue.path.slice(0, n)));
        const column = csvColumnFor(issue.path);
        return {
          where: line ? `${fileName}:${line}` : fileName,
          path: column ? `column ${column}` : path,
          message: issue.message,
        };
      }),
    );
  }
  return result.data;
}

function csvColumnFor(path: readonly PropertyKey[]): string | undefined {
  const last = path[path.length - 1];
  if (path[0] === 'cycle') return last === 'name' ? 'cycle' : `cycle_${String(last)}`;
  if (path.includes('key_results'))
    return last === 'id' || last === 'title' ? `kr_${String(last)}` : typeof last === 'string' ? last : undefined;
  if (path.includes('objectives'))
    return typeof last === 'string' && last !== 'key_results' ? `objective_${last}` : undefined;
  if (path[0] === 'teams' && typeof last === 'string')
    return last === 'name' ? 'team' : last === 'timezone' || last === 'channel' ? `team_${last}` : last;
  return undefined;
}
