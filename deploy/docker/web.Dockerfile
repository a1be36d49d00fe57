# syntax=docker/dockerfile:1.7
# RRNet web (Next.js: operator UI, tRPC, /api/v1, health) as a distroless image.
# Build from the repository root:  docker build -f deploy/docker/web.Dockerfile -t rrnet-web .
# Runs as UID 65532 with no shell, on a read-only root filesystem: only /tmp and
# /app/apps/web/.next/cache need to be writable mounts (deploy/compose.yaml, deploy/k8s).
# Base images are pinned by digest; deploy/README.md says how to refresh the pins.

FROM node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0 AS deps
ENV CI=true NEXT_TELEMETRY_DISABLED=1
RUN npm install -g pnpm@12.4.2
WORKDIR /src
# manifests first: the dependency layer is rebuilt only when one of them changes
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
    pnpm install --frozen-lockfile --filter "@rrnet/web..."

FROM deps AS build
COPY . .
# CDN origin for /_next/static (docs/cdn.md); baked into the standalone server at build time
ARG ASSET_PREFIX=
# `next build` loads the route modules, and they read apps/web/src/config.ts. These
# placeholders satisfy it during the build only; nothing connects to them, and the server
# reads its real configuration when it starts.
RUN APP_DATABASE_URL=postgres://build@127.0.0.1:1/build \
    SYSTEM_DATABASE_URL=postgres://build@127.0.0.1:1/build \
    AUTH_SECRET=build-time-placeholder-never-used-at-run-time \
    ENCRYPTION_KEYS=build:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= \
    UPSTASH_REDIS_REST_URL=http://127.0.0.1:1 \
    UPSTASH_REDIS_REST_TOKEN=build-time-placeholder \
    NODE_ENV=production RRNET_NEXT_OUTPUT=standalone ASSET_PREFIX=${ASSET_PREFIX} \
    pnpm --filter @rrnet/web run build

FROM gcr.io/distroless/nodejs20-debian12@sha256:6fe218dbad37e979c7542e670d28d6e23d3f53d2929693bc9cdded8b622f339f AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOSTNAME=0.0.0.0 PORT=3000 HOME=/tmp TMPDIR=/tmp
# owned by root, run as 65532: the process cannot change its own code even where the
# root filesystem is writable
COPY --from=build /src/apps/web/.next/standalone ./
COPY --from=build /src/apps/web/.next/static ./apps/web/.next/static
USER 65532:65532
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["/nodejs/bin/node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["apps/web/server.js"]
