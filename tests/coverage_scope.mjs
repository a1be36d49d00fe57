/**
 * What each coverage figure of `npm test` measures (spec §7: unit ≥ 80 % of business logic
 * and utilities; integration ≥ 60 % of API endpoints and database operations). One place,
 * read by both vitest configs and printed by the test summary.
 *
 * Unit: code without I/O — the contracts (schemas, state machines, formatting), core's
 * pure rule modules (`*_rules.ts`, and reconcile), crypto, config, logger, the job classes
 * and retry policies, the RouterOS breaker/retry, the local cache and the web's and the UI
 * kit's pure helpers.
 * Code whose work is a query or a request is measured by the integration layer instead.
 */
export const UNIT_COVERAGE = {
  threshold: 80,
  include: [
    'packages/contracts/src/**/*.ts',
    'packages/core/src/**/*_rules.ts',
    'packages/core/src/network/reconcile.ts',
    'packages/crypto/src/**/*.ts',
    'packages/config/src/**/*.ts',
    'packages/db/src/transient.ts',
    'packages/logger/src/**/*.ts',
    'packages/jobs/src/classes.ts',
    'packages/jobs/src/envelope.ts',
    'packages/routeros/src/breaker.ts',
    'packages/routeros/src/retry.ts',
    'packages/routeros/src/errors.ts',
    'packages/resilience/src/**/*.ts',
    'packages/whatsapp/src/webhooks.ts',
    'packages/whatsapp/src/errors.ts',
    'packages/payments/src/xendit.ts',
    'packages/cache/src/local_cache.ts',
    'apps/web/src/lib/**/*.ts',
    'packages/ui/src/chart_layout.ts',
  ],
  // barrels (re-exports only); the KMS clients, their simulators and envelope encryption's
  // key provider speak HTTP or a store: measured by the integration layer
  exclude: [
    'packages/contracts/src/index.ts', 'packages/crypto/src/index.ts', 'packages/resilience/src/index.ts',
    'packages/crypto/src/{vault_transit,aws_kms,envelope,kms_simulator,kms_sim_cli}.ts',
  ],
};

/**
 * Integration: the API (tRPC procedures, middleware chain, REST adapter and route
 * handlers), core's services (their SQL), the data layer (tenant transactions,
 * migrations, seeds), auth, the job platform and the worker's tasks — against the real
 * PostgreSQL and Redis. Subprocesses the tests start (a worker, a web server) are not
 * instrumented, so their code counts only where a test also runs it in-process.
 */
export const INTEGRATION_COVERAGE = {
  threshold: 60,
  include: [
    'packages/api/src/**/*.ts',
    'packages/core/src/**/*.ts',
    'packages/db/src/**/*.ts',
    'packages/auth/src/**/*.ts',
    'packages/jobs/src/**/*.ts',
    'packages/cache/src/**/*.ts',
    'packages/routeros/src/**/*.ts',
    'packages/whatsapp/src/**/*.ts',
    'packages/crypto/src/{vault_transit,aws_kms,envelope,kms,kms_simulator}.ts',
    'apps/web/src/app/api/**/*.ts',
    'apps/web/src/server/**/*.ts',
    'apps/worker/src/**/*.ts',
  ],
  exclude: [
    // barrels, and command-line entry points that only parse argv and call the code above
    'packages/{auth,cache,jobs,api,db}/src/index.ts',
    'packages/db/src/scripts/**', 'packages/cache/src/bridge_cli.ts', 'packages/routeros/src/sim_cli.ts',
    'packages/whatsapp/src/sim_cli.ts', 'packages/whatsapp/src/index.ts',
    'apps/worker/src/main.ts', 'apps/worker/src/rotate_keys_cli.ts',
  ],
};
