# syntax=docker/dockerfile:1.7
# The local Upstash-REST bridge (packages/cache/src/upstash_bridge.ts) in front of a Redis,
# for deployments without Upstash itself (deploy/compose.yaml). Build from the repository root:
#   docker build -f deploy/docker/bridge.Dockerfile -t rrnet-bridge .

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
    pnpm install --frozen-lockfile --filter "@rrnet/cache..."

FROM deps AS build
COPY . .
RUN pnpm --filter @rrnet/cache deploy --prod /out/bridge

FROM gcr.io/distroless/nodejs20-debian12@sha256:6fe218dbad37e979c7542e670d28d6e23d3f53d2929693bc9cdded8b622f339f AS runtime
WORKDIR /app
ENV NODE_ENV=production HOME=/tmp TMPDIR=/tmp BRIDGE_HOST=0.0.0.0 BRIDGE_PORT=8079
COPY --from=build /out/bridge /app
USER 65532:65532
EXPOSE 8079
# one PING through the bridge: 200 only when the token is right and Redis answers
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["/nodejs/bin/node", "-e", "const t=process.env.BRIDGE_TOKEN||require('fs').readFileSync(process.env.BRIDGE_TOKEN_FILE,'utf8').trim();fetch('http://127.0.0.1:'+(process.env.BRIDGE_PORT||8079)+'/',{method:'POST',headers:{authorization:'Bearer '+t},body:'[\"PING\"]'}).then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["--import", "tsx", "src/bridge_cli.ts"]
