import type * as schema from './schema.js';

/**
 * What the store needs from a database, the same for SQLite and PostgreSQL. Queries are built
 * with Drizzle against `db.t` (this database's tables; PostgreSQL's twin has the same columns,
 * parity-tested, so it is typed as SQLite's) and run through these, never by calling `.all()`,
 * `.get()` or `.run()` on the builder: those exist only on SQLite.
 */
export interface StoreOps {
  readonly kind: 'sqlite' | 'pg';
  /** This database's tables. */
  readonly t: typeof schema;
  /**
   * The workspace this handle serves: every store function reads and writes root aggregates
   * (cycles, teams, people, deliveries, settings, chart files, imports) of this workspace only.
   * 1 unless scoped with `inWorkspace`.
   */
  readonly workspaceId: number;
  /** Every row a query returns. */
  rows<T>(query: { all(): T[] }): Promise<T[]>;
  /** The first row, or undefined. */
  first<T>(query: { get(): T | undefined }): Promise<T | undefined>;
  /** Runs a write; resolves to the number of rows it changed. */
  exec(query: { run(): unknown }): Promise<number>;
  /** Hand-written SQL with `?` placeholders (a prepared statement on SQLite); text per dialect when they differ. */
  raw<T>(sql: DialectSql, params?: unknown[]): Promise<T[]>;
  /**
   * One write transaction: all or nothing, and no other write of this process in between. On
   * SQLite it takes the write lock up front (BEGIN IMMEDIATE), so a writer in another process
   * waits its turn instead of failing. Only database work inside: never await Slack in here.
   */
  atomic<T>(fn: (tx: this) => Promise<T>): Promise<T>;
}

/** The same database, scoped to one workspace (a request's, a job's). Transactions inherit it. */
export function inWorkspace<D extends StoreOps>(db: D, workspaceId: number): D {
  return Object.create(db, { workspaceId: { value: workspaceId, enumerable: true } }) as D;
}

/** SQL text, or one text per dialect where their SQL differs. Aliases double-quoted ("krId"). */
export type DialectSql = string | { sqlite: string; pg: string };

export function sqlFor(sql: DialectSql, kind: StoreOps['kind']): string {
  return typeof sql === 'string' ? sql : sql[kind];
}

/** One SQL text per dialect, from a template that picks each dialect's fragments. */
export function perDialect(make: (kind: StoreOps['kind']) => string): DialectSql {
  return { sqlite: make('sqlite'), pg: make('pg') };
}
