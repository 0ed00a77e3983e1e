import { defineConfig } from 'drizzle-kit';

/** PostgreSQL migrations (DATABASE_URL=postgres://…); the SQLite ones stay in migrations/. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.pg.ts',
  out: './migrations-pg',
});
