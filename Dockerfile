# syntax=docker/dockerfile:1
# okrbot: build with dev dependencies, run with production dependencies only.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# npm ci runs the prepare script (scripts/build.mjs), which skips the build until src/ is there.
COPY scripts ./scripts
RUN npm ci
COPY src ./src
# One esbuild bundle of the CLI and the bot in dist/ (see scripts/build.mjs).
RUN npm run build \
 && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-old-space-size=128 \
    DATABASE_PATH=/data/okrbot.db \
    PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY migrations ./migrations
COPY migrations-pg ./migrations-pg
COPY examples ./examples
# The database lives on a volume owned by the unprivileged `node` user (uid 1000).
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# node is PID 1: okrbot handles SIGTERM itself (stops taking work, finishes handlers, closes the DB).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Pending migrations are applied when the database is opened at start.
ENTRYPOINT ["node", "bin/okrbot.js"]
CMD ["start"]
