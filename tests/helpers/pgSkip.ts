import { beforeEach, inject } from 'vitest';

// Where PostgreSQL could not start (and this is not CI), the global setup said why, loudly; each
// test of the `postgres` project is then skipped rather than run on the wrong database.
beforeEach((ctx) => {
  if (!inject('pgAdminUrl')) ctx.skip();
});
