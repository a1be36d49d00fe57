/**
 * Development secrets, generated on first start into .rrnet/secrets.json (git-ignored,
 * mode 0600). Production never reads this file: it gets the same values from its
 * config/secret store (see README "Configuration").
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ROOT } from './toolchain.mjs';

export const SECRETS_FILE = `${ROOT}/.rrnet/secrets.json`;

const GENERATORS = {
  postgres_superuser_password: () => randomBytes(18).toString('base64url'),
  app_db_password: () => randomBytes(18).toString('base64url'),
  system_db_password: () => randomBytes(18).toString('base64url'),
  // signs access tokens and the web session cookie
  auth_secret: () => randomBytes(32).toString('base64url'),
  // AES-256-GCM data key, with a key id prefix for rotation (see @rrnet/crypto)
  encryption_keys: () => `k1:${randomBytes(32).toString('base64')}`,
  // the platform's own Midtrans account (ISPs pay their SaaS invoices through it): in development
  // an account on the Midtrans simulator, shaped like a sandbox server key
  platform_midtrans_server_key: () => `SB-Mid-server-${randomBytes(18).toString('base64url')}`,
};

export function loadSecrets(file = SECRETS_FILE) {
  const current = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  let changed = false;
  for (const [key, make] of Object.entries(GENERATORS)) {
    if (!current[key]) {
      current[key] = make();
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(current, null, 2) + '\n', { mode: 0o600 });
  }
  return current;
}
