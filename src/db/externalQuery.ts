/**
 * A user's own metrics database, read for a KR's `sql` source (services/sources.ts): never
 * okrbot's database, always read-only (a PostgreSQL READ ONLY transaction with a statement timeout,
 * or SQLite opened read-only), one row back.
 */

export async function externalRow(
  url: string,
  query: string,
  timeoutMs: number,
): Promise<Record<string, unknown> | undefined> {
  return /^postgres(ql)?:\/\//.test(url) ? pgRow(url, query, timeoutMs) : sqliteRow(url, query);
}

async function pgRow(url: string, query: string, timeout: number): Promise<Record<string, unknown> | undefined> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeout, statement_timeout: timeout });
  await client.connect();
  try {
    await client.query('BEGIN READ ONLY');
    const { rows } = await client.query<Record<string, unknown>>(query);
    return rows[0];
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

async function sqliteRow(url: string, query: string): Promise<Record<string, unknown> | undefined> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(url.replace(/^(sqlite|file):(\/\/)?/, ''), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(query).get() as Record<string, unknown> | undefined;
  } finally {
    db.close();
  }
}
