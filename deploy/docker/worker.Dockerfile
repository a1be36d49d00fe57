# syntax=docker/dockerfile:1.7
# RRNet worker (graphile-worker: tasks, crontab, heartbeat, metrics) and the migration
# runner, as distroless images. Build from the repository root:
#   docker build -f deploy/docker/worker.Dockerfile -t rrnet-worker .
#   docker build -f deploy/docker/worker.Dockerfile --target migrate -t rrnet-migrate .
# The worker runs its TypeScript through tsx (no build step in the workspace, DEVELOPERS.md);
# tsx caches in $TMPDIR, so /tmp is the only writable mount it needs.

FROM node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0 AS deps
ENV CI=true
RUN npm install -g pnpm@12.4.2
WORKDIR /src
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY apps/web/package.json apps/web/
COPY apps/worker/package.json apps/worker/
COPY packages/api/package.json packages/api/
COPY packages/auth/package.json packages/auth/
COPY packages/cache/package.json packages/cache/
COPY packages/client/package.json packages/client/
COPY packages/config/package.json packages/config/
COPY packages/contracts/package.json packages/contracts/
COPY packages/core/package.json packages/core/
COPY packages/crypto/package.json packages/crypto/
COPY packages/db/package.json packages/db/
COPY packages/jobs/package.json packages/jobs/
COPY packages/logger/package.json packages/logger/
COPY packages/mail/package.json packages/mail/
COPY packages/metrics/package.json packages/metrics/
COPY packages/payments/package.json packages/payments/
COPY packages/resilience/package.json packages/resilience/
COPY packages/routeros/package.json packages/routeros/
COPY packages/ui/package.json packages/ui/
COPY packages/whatsapp/package.json packages/whatsapp/
COPY tooling/eslint/package.json tooling/eslint/
COPY tooling/prettier/package.json tooling/prettier/
COPY tooling/tailwind/package.json tooling/tailwind/
COPY tooling/typescript/package.json tooling/typescript/
RUN --mount=type=cache,id=rrnet-pnpm,target=/root/.local/share/pnpm/store \
    pnpm install --frozen-lockfile --filter "@rrnet/worker..." --filter "@rrnet/db..."

FROM deps AS build
COPY . .
# the worker and its production dependencies (workspace packages copied in, not linked)
RUN pnpm --filter @rrnet/worker deploy --prod /out/worker
# migrations: @rrnet/db with tsx, laid out as in the repository so that
# packages/db/src/migrate.ts finds ../../../drizzle
RUN pnpm --filter @rrnet/db deploy /out/migrate/packages/db && cp -r drizzle /out/migrate/drizzle

FROM gcr.io/distroless/nodejs20-debian12@sha256:6fe218dbad37e979c7542e670d28d6e23d3f53d2929693bc9cdded8b622f339f AS migrate
WORKDIR /app/packages/db
ENV NODE_ENV=production HOME=/tmp TMPDIR=/tmp
COPY --from=build /out/migrate /app
USER 65532:65532
# one-shot: DATABASE_URL(_FILE), RRNET_APP_DB_PASSWORD(_FILE), RRNET_SYSTEM_DB_PASSWORD(_FILE)
CMD ["--import", "tsx", "src/scripts/migrate_cli.ts"]

FROM gcr.io/distroless/nodejs20-debian12@sha256:6fe218dbad37e979c7542e670d28d6e23d3f53d2929693bc9cdded8b622f339f AS runtime
WORKDIR /app
ENV NODE_ENV=production HOME=/tmp TMPDIR=/tmp WORKER_METRICS_HOST=0.0.0.0 WORKER_METRICS_PORT=9464
COPY --from=build /out/worker /app
USER 65532:65532
EXPOSE 9464
# /metrics answers 200 only while the worker's database queries succeed
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/nodejs/bin/node", "-e", "fetch('http://127.0.0.1:'+(process.env.WORKER_METRICS_PORT||9464)+'/metrics').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["--import", "tsx", "src/main.ts"]
