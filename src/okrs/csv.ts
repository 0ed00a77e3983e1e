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
  'checkin_cadence',
  'escalate_after_weeks',
  'leads',
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
  'source',
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
  ['checkin_cadence', 'checkin_cadence'],
  ['escalate_after_weeks', 'escalate_after_weeks'],
  ['leads', 'leads'],
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

type CsvRow = { record: Record<string, string>; info: { lines: number } };
type CsvTeam = Record<string, unknown> & { objectives: Array<Record<string, unknown> & { key_results: unknown[] }> };

/** The CSV's rows, or OkrFileError for a syntax error, no rows, or missing or unknown columns. */
function readRows(fileName: string, source: string): CsvRow[] {
  let rows: CsvRow[];
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
  if (rows.length === 0)
    throw new OkrFileError([
      { where: fileName, message: 'no rows: expected a header line and one row per key result' },
    ]);
  const header = Object.keys(rows[0]!.record);
  const problems: FileProblem[] = [];
  const missing = REQUIRED_CSV.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (missing.length) problems.push({ where: `${fileName}:1`, message: `missing column(s): ${missing.join(', ')}` });
  if (unknown.length)
    problems.push({
      where: `${fileName}:1`,
      message: `unknown column(s): ${unknown.join(', ')} (known: ${CSV_COLUMNS.join(', ')})`,
    });
  if (problems.length) throw new OkrFileError(problems);
  return rows;
}

const opt = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

/** Rows → the nested shape, remembering which CSV line produced each path (for error messages). */
class CsvShape {
  readonly linesByPath = new Map<string, number>();
  readonly cycle: Record<string, string | undefined> = {};
  readonly teams: CsvTeam[] = [];
  readonly problems: FileProblem[] = [];

  constructor(private readonly fileName: string) {}

  private conflict(line: number, what: string, a: string, b: string): void {
    this.problems.push({
      where: `${this.fileName}:${line}`,
      message: `${what} is "${b}" here but "${a}" on an earlier row`,
    });
  }

  /** A value repeated on every row must agree with the first row that gave it. */
  private setOnce(
    target: Record<string, unknown>,
    field: string,
    v: string | undefined,
    line: number,
    what: string,
    path: string,
  ): void {
    if (v === undefined) return;
    if (target[field] !== undefined && target[field] !== v) this.conflict(line, what, String(target[field]), v);
    else if (target[field] === undefined) {
      target[field] = v;
      this.linesByPath.set(path, line);
    }
  }

  add({ record: r, info }: CsvRow): void {
    const line = info.lines;
    for (const [field, col] of [
      ['name', 'cycle'],
      ['start', 'cycle_start'],
      ['end', 'cycle_end'],
      ['mid', 'cycle_mid'],
    ] as const) {
      this.setOnce(this.cycle, field, opt(r[col]), line, col, `cycle.${field}`);
    }
    let ti = this.teams.findIndex((t) => t.name === r.team);
    if (ti === -1) {
      ti = this.teams.push({ name: r.team, objectives: [] }) - 1;
      this.linesByPath.set(`teams[${ti}]`, line);
    }
    const team = this.teams[ti]!;
    for (const [field, col] of TEAM_CSV_FIELDS)
      this.setOnce(team, field, opt(r[col]), line, `${col} of team ${r.team}`, `teams[${ti}].${field}`);
    let oi = team.objectives.findIndex((o) => o.id === r.objective_id);
    if (oi === -1) {
      oi = team.objectives.push({ id: r.objective_id, title: r.objective_title, key_results: [] }) - 1;
      this.linesByPath.set(`teams[${ti}].objectives[${oi}]`, line);
    } else if (team.objectives[oi]!.title !== r.objective_title) {
      this.conflict(
        line,
        `objective_title of ${r.objective_id}`,
        String(team.objectives[oi]!.title),
        r.objective_title ?? '',
      );
    }
    const kr = {
      id: r.kr_id,
      title: r.kr_title,
      owner: opt(r.owner),
      baseline: opt(r.baseline),
      target: opt(r.target),
      unit: opt(r.unit),
      measurement: opt(r.measurement),
      // The source as JSON in its cell: {"kind":"http","url":"…","pointer":"/data/value"}.
      ...(opt(r.source) !== undefined && { source: jsonCell(r.source!) }),
      // One linked piece of work per line of the cell: "https://… optional title".
      ...(opt(r.initiatives) !== undefined && { initiatives: csvLinks(r.initiatives!) }),
      status: opt(r.status),
    };
    const ki = team.objectives[oi]!.key_results.push(kr) - 1;
    this.linesByPath.set(`teams[${ti}].objectives[${oi}].key_results[${ki}]`, line);
  }
}

export function parseCsvDoc(fileName: string, source: string): OkrDoc {
  const shape = new CsvShape(fileName);
  for (const row of readRows(fileName, source)) shape.add(row);
  if (shape.problems.length) throw new OkrFileError(shape.problems);
  const result = okrDocSchema.safeParse({ cycle: shape.cycle, teams: shape.teams });
  if (result.success) return result.data;
  throw new OkrFileError(
    result.error.issues.map((issue) => {
      let line: number | undefined;
      for (let n = issue.path.length; n >= 0 && line === undefined; n--)
        line = shape.linesByPath.get(pathString(issue.path.slice(0, n)));
      const column = csvColumnFor(issue.path);
      return {
        where: line ? `${fileName}:${line}` : fileName,
        path: column ? `column ${column}` : pathString(issue.path),
        message: issue.message,
      };
    }),
  );
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

/** A JSON cell, or the text as it is when it is not JSON (the schema then says what is wrong). */
function jsonCell(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
