/**
 * Runs the whole stack (worker, web) on chosen backends. Used by `npm start`
 * and by the e2e tests (production mode, own database and ports).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { chooseRedis, choosePostgres } from './backends.mjs';
import { loadSecrets, SECRETS_FILE } from './secrets.mjs';
import { ROOT, runOrExit, say, spawnService, stopService, waitForHttp } from './toolchain.mjs';

function roleUrl(adminUrl, role, password) {
  const url = new URL(adminUrl);
  url.username = role;
  url.password = encodeURIComponent(password);
  url.search = '';
  return url.toString();
}

/**
 * `build: false` starts the production build already in apps/web/.next (benchmarks that
 * rerun against one build). onReady receives the services' pids (their process groups):
 * `services.web` is the group of `next start`, for sampling its CPU.
 *
 * @param {{
 *   pnpm: string[];
 *   mode?: 'development' | 'production';
 *   env?: NodeJS.ProcessEnv;
 *   port?: number;
 *   build?: boolean;
 *   onReady?: (ready: { base: string; appEnv: NodeJS.ProcessEnv; shutdown: (code?: number) => Promise<void>; services: { web: number } }) => Promise<void> | void;
 *   onStop?: () => Promise<void>;
 * }} options
 */
export async function startStack({ pnpm, mode = 'development', env = process.env, port = Number(env.PORT ?? 3000), build = true, onReady, onStop } = {}) {
  const secrets = loadSecrets(env.RRNET_SECRETS_FILE ?? SECRETS_FILE);
  const infra = []; // databases: stopped last
  const children = []; // simulators, worker, web: stopped first, together
  let stopping = false;
  const shutdown = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await Promise.all(children.map((c) => stopService(c)));
    for (const child of infra.reverse()) await stopService(child);
    if (onStop) await onStop().catch((err) => say(`cleanup failed: ${err.message}`));
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    const pg = await choosePostgres(env, secrets);
    if (pg.child) infra.push(pg.child);
    const redis = await chooseRedis(env);
    if (!redis) {
      throw new Error(
        'no Redis found: set UPSTASH_REDIS_REST_URL + UPSTASH_REDIS_REST_TOKEN or REDIS_URL, ' +
          'start Redis on 127.0.0.1:6379, or install redis-server (e.g. apt-get install redis-server).',
      );
    }
    if (redis.child) infra.push(redis.child);
    say(`postgres: ${pg.label}`);
    say(`redis:    ${redis.label}`);

    // The RouterOS simulator: the demo ISPs' routers (tenant i, router j → base + 2i + j)
    // and spare simulated routers for trying "add a router". ROUTER_SIMULATOR=false skips it.
    const simBasePort = Number(env.ROUTER_SIM_BASE_PORT ?? 8728);
    if (env.ROUTER_SIMULATOR !== 'false') {
      const sim = spawnService('routers', [process.execPath, '--import', 'tsx', 'src/sim_cli.ts', '--base-port', String(simBasePort), '--count', '20'], {
        cwd: `${ROOT}/packages/routeros`,
        env: { ...env, ROUTER_SIM_LATENCY_MS: env.ROUTER_SIM_LATENCY_MS ?? '5' },
      });
      children.push(sim);
      say(`routers:  RouterOS simulator on 127.0.0.1:${simBasePort}-${simBasePort + 19}`);
    }

    // The WhatsApp gateway simulator (Cloud API + Fonnte on one port): the demo ISPs' gateways,
    // status callbacks posted back to this web app's webhook routes. WA_SIMULATOR=false skips it.
    const waSimPort = Number(env.WA_SIM_PORT ?? 8790);
    const waSimUrl = `http://127.0.0.1:${waSimPort}`;
    const waSim = env.WA_SIMULATOR !== 'false';
    if (waSim) {
      children.push(
        spawnService('whatsapp', [process.execPath, '--import', 'tsx', 'src/sim_cli.ts', '--port', String(waSimPort), '--latency', env.WA_SIM_LATENCY_MS ?? '50', '--demo-web-url', `http://localhost:${port}`], {
          cwd: `${ROOT}/packages/whatsapp`,
          env,
        }),
      );
      say(`whatsapp: WhatsApp gateway simulator on ${waSimUrl} (state: ${waSimUrl}/_sim/state)`);
    }

    // The Xendit Invoice API simulator: the demo ISPs' Xendit accounts, invoice callbacks posted
    // back to this web app's callback route, a pay page per invoice. XENDIT_SIMULATOR=false skips it.
    const xenditSimPort = Number(env.XENDIT_SIM_PORT ?? 8791);
    const xenditSimUrl = `http://127.0.0.1:${xenditSimPort}`;
    const xenditSim = env.XENDIT_SIMULATOR !== 'false';
    if (xenditSim) {
      children.push(
        spawnService('xendit', [process.execPath, '--import', 'tsx', 'src/xendit_sim_cli.ts', '--port', String(xenditSimPort), '--demo-web-url', `http://localhost:${port}`], {
          cwd: `${ROOT}/packages/payments`,
          env,
        }),
      );
      say(`xendit:   Xendit Invoice API simulator on ${xenditSimUrl} (pay page: the payment link)`);
    }

    // The Midtrans simulator (Snap, the pay page, Core API status): the platform's own account
    // (PLATFORM_MIDTRANS_SERVER_KEY, its notifications to this web app's platform webhook) and
    // the Snap URL of the ISPs' Midtrans accounts. MIDTRANS_SIMULATOR=false skips it.
    const midtransSimPort = Number(env.MIDTRANS_SIM_PORT ?? 8792);
    const midtransSimUrl = `http://127.0.0.1:${midtransSimPort}`;
    const midtransSim = env.MIDTRANS_SIMULATOR !== 'false';
    const platformMidtransKey = env.PLATFORM_MIDTRANS_SERVER_KEY ?? (midtransSim ? secrets.platform_midtrans_server_key : undefined);
    if (midtransSim) {
      // the accounts go in a 0600 file (a server key never on a command line)
      const accountsFile = `${ROOT}/.rrnet/midtrans-sim-${midtransSimPort}.json`;
      const accounts = platformMidtransKey
        ? [{ server_key: platformMidtransKey, notification_url: `http://localhost:${port}/api/v1/platform/webhooks/midtrans`, merchant_name: 'RRNet' }]
        : [];
      mkdirSync(dirname(accountsFile), { recursive: true });
      writeFileSync(accountsFile, JSON.stringify(accounts), { mode: 0o600 });
      children.push(
        spawnService('midtrans', [process.execPath, '--import', 'tsx', 'src/midtrans_sim_cli.ts', '--port', String(midtransSimPort), '--accounts-file', accountsFile], {
          cwd: `${ROOT}/packages/payments`,
          env,
        }),
      );
      say(`midtrans: Midtrans simulator on ${midtransSimUrl} (Snap; the platform's account for SaaS invoices)`);
    }

    // The SMTP sink: the platform's e-mail (sign-up codes by e-mail) lands there, readable at
    // GET /_sim/messages on its HTTP port. AUTH with a password made for this run. SMTP_SINK=false
    // skips it; an SMTP_URL of your own wins.
    const smtpSinkPort = Number(env.SMTP_SINK_PORT ?? 8793);
    const smtpSinkHttpPort = Number(env.SMTP_SINK_HTTP_PORT ?? smtpSinkPort + 1);
    const smtpSink = env.SMTP_SINK !== 'false' && !env.SMTP_URL;
    const smtpSinkPassword = randomBytes(12).toString('hex');
    if (smtpSink) {
      children.push(
        spawnService(
          'smtp',
          [process.execPath, '--import', 'tsx', 'src/sink_cli.ts', '--smtp-port', String(smtpSinkPort), '--http-port', String(smtpSinkHttpPort), '--user', 'rrnet', '--password', smtpSinkPassword],
          { cwd: `${ROOT}/packages/mail`, env },
        ),
      );
      say(`smtp:     SMTP sink on smtp://127.0.0.1:${smtpSinkPort} (messages: http://127.0.0.1:${smtpSinkHttpPort}/_sim/messages)`);
    }

    const dbEnv = {
      ...env,
      ROUTER_SIM_BASE_PORT: String(simBasePort),
      DATABASE_URL: pg.adminUrl,
      RRNET_APP_DB_PASSWORD: secrets.app_db_password,
      RRNET_SYSTEM_DB_PASSWORD: secrets.system_db_password,
      ENCRYPTION_KEYS: env.ENCRYPTION_KEYS ?? secrets.encryption_keys,
    };
    runOrExit([...pnpm, '--filter', '@rrnet/db', 'run', 'migrate'], { env: dbEnv });
    runOrExit([...pnpm, '--filter', '@rrnet/db', 'run', 'seed'], { env: dbEnv });

    // Upstash: its REST endpoint; a real Redis: REDIS_URL, spoken to over RESP inside the
    // web and worker processes (@upstash/redis with packages/cache's RespRequester, no bridge)
    const redisEnv = redis.restUrl
      ? { UPSTASH_REDIS_REST_URL: redis.restUrl, UPSTASH_REDIS_REST_TOKEN: env.UPSTASH_REDIS_REST_TOKEN }
      : { REDIS_URL: redis.redisUrl };

    // Production refuses the local key provider: unless KMS_PROVIDER names a real one, the
    // KEK lives in a Vault Transit simulator (packages/crypto/src/kms_sim_cli.ts), in memory
    // like the fresh database's data keys it wraps.
    let kmsEnv = {};
    if (mode === 'production' && !env.KMS_PROVIDER) {
      const kmsPort = Number(env.KMS_SIM_PORT ?? (await freeLoopbackPort()));
      const vaultToken = `s.${randomBytes(18).toString('base64url')}`;
      children.push(
        spawnService('kms', [process.execPath, '--import', 'tsx', 'src/kms_sim_cli.ts', '--kind', 'vault', '--port', String(kmsPort), '--key', 'rrnet', '--token', vaultToken], {
          cwd: `${ROOT}/packages/crypto`,
          env,
        }),
      );
      const vaultAddr = `http://127.0.0.1:${kmsPort}`;
      await waitForHttp(`${vaultAddr}/_sim/state`, { timeoutMs: 30_000 });
      kmsEnv = { KMS_PROVIDER: 'vault', VAULT_ADDR: vaultAddr, VAULT_TOKEN: vaultToken, VAULT_TRANSIT_KEY: 'rrnet' };
      say(`kms:      Vault Transit simulator on ${vaultAddr} (the KEK of envelope encryption)`);
    }

    const appEnv = {
      ...env,
      ...kmsEnv,
      NODE_ENV: mode === 'production' ? 'production' : 'development',
      NEXT_TELEMETRY_DISABLED: '1',
      APP_DATABASE_URL: roleUrl(pg.adminUrl, 'rrnet_app', secrets.app_db_password),
      SYSTEM_DATABASE_URL: roleUrl(pg.adminUrl, 'rrnet_system', secrets.system_db_password),
      ...redisEnv,
      AUTH_SECRET: env.AUTH_SECRET ?? secrets.auth_secret,
      ENCRYPTION_KEYS: env.ENCRYPTION_KEYS ?? secrets.encryption_keys,
      PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${port}`,
      PORT: String(port),
      WORKER_METRICS_PORT: env.WORKER_METRICS_PORT ?? String(port + 6464),
      ...(xenditSim ? { XENDIT_API_URL: env.XENDIT_API_URL ?? xenditSimUrl } : {}),
      ...(midtransSim ? { MIDTRANS_SNAP_URL: env.MIDTRANS_SNAP_URL ?? midtransSimUrl } : {}),
      ...(platformMidtransKey ? { PLATFORM_MIDTRANS_SERVER_KEY: platformMidtransKey } : {}),
      ...(waSim ? { WA_CLOUD_BASE_URL: env.WA_CLOUD_BASE_URL ?? waSimUrl, WA_FONNTE_BASE_URL: env.WA_FONNTE_BASE_URL ?? waSimUrl } : {}),
      // the platform's own gateway is the simulator's platform account (DEMO_PLATFORM_WA_GATEWAY in
      // packages/whatsapp/src/demo_accounts.ts): sign-up codes and dunning reminders reach the simulator
      ...(waSim && !env.WA_DEFAULT_GATEWAY
        ? { WA_DEFAULT_GATEWAY: JSON.stringify({ kind: 'fonnte', credentials: { token: 'demo-fonnte-platform', webhook_secret: 'demo-fonnte-webhook-platform' } }) }
        : {}),
      ...(smtpSink
        ? { SMTP_URL: `smtp://127.0.0.1:${smtpSinkPort}`, SMTP_FROM: env.SMTP_FROM ?? 'RRNet <no-reply@rrnet.local>', SMTP_USER: 'rrnet', SMTP_PASSWORD: smtpSinkPassword, SMTP_REQUIRE_TLS: 'false' }
        : {}),
    };
    delete appEnv.DATABASE_URL;
    // the configured Upstash wins over a REDIS_URL left in the environment (the apps prefer REDIS_URL)
    if (redis.restUrl) delete appEnv.REDIS_URL;

    // Services are spawned directly (not through `pnpm run`) so signals reach them.
    children.push(
      spawnService('worker', [process.execPath, '--import', 'tsx', 'src/main.ts'], {
        cwd: `${ROOT}/apps/worker`,
        env: appEnv,
      }),
    );
    if (mode === 'production' && build) {
      runOrExit([...pnpm, '--filter', '@rrnet/web', 'run', 'build'], { env: appEnv });
    }
    const web = spawnService('web', [`${ROOT}/apps/web/node_modules/.bin/next`, mode === 'production' ? 'start' : 'dev', '--port', String(port)], {
      cwd: `${ROOT}/apps/web`,
      env: appEnv,
    });
    children.push(web);
    for (const child of [...infra, ...children]) {
      child.once('exit', (code, signal) => {
        if (!stopping) {
          say(`a service exited (${code ?? signal}); stopping the rest`);
          void shutdown(1);
        }
      });
    }

    const base = `http://localhost:${port}`;
    await waitForHttp(`${base}/api/health/ready`);
    say(`RRNet is ready: ${base}  (readiness ${base}/api/health/ready)`);
    say(`Demo logins are listed in README.md ("Demo tenants"). Secrets: ${SECRETS_FILE.replace(ROOT + '/', '')}`);
    say('Press Ctrl-C to stop.');
    if (onReady) await onReady({ base, appEnv, shutdown, services: { web: web.pid } });
  } catch (err) {
    say(`error: ${err.message}`);
    await shutdown(1);
  }
}

/** A port nothing listens on now (the kernel's pick). */
function freeLoopbackPort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

