#!/usr/bin/env node
/**
 * Writes the secret files deploy/compose.yaml mounts (deploy/secrets/*, git-ignored):
 * random passwords, AUTH_SECRET, an encryption key, and the URLs and
 * Redis ACL built from them, so they agree with each other. Existing files are kept, so
 * running it again never rotates a secret by accident (docs/runbooks/key_rotation.md).
 * Usage: node deploy/scripts/compose_secrets.mjs [directory]
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { argv, stdout } from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const DIR = argv[2] ?? fileURLToPath(new URL('../secrets', import.meta.url));
mkdirSync(DIR, { recursive: true, mode: 0o700 });
chmodSync(DIR, 0o700);

const token = (bytes) => randomBytes(bytes).toString('base64url');
function secret(name, make) {
  const file = join(DIR, name);
  if (!existsSync(file)) {
    // readable inside the containers (their users are not root); the directory is 0700
    writeFileSync(file, `${make()}\n`, { mode: 0o644 });
    stdout.write(`wrote ${file}\n`);
  }
  return readFileSync(file, 'utf8').trim();
}

const postgres = secret('postgres_password', () => token(18));
const app = secret('app_db_password', () => token(18));
const system = secret('system_db_password', () => token(18));
const redis = secret('redis_password', () => token(24));
secret('auth_secret', () => token(32));
secret('encryption_keys', () => `k1:${randomBytes(32).toString('base64')}`);
secret('database_url', () => `postgres://postgres:${postgres}@postgres:5432/rrnet`);
secret('app_database_url', () => `postgres://rrnet_app:${app}@postgres:5432/rrnet`);
secret('system_database_url', () => `postgres://rrnet_system:${system}@postgres:5432/rrnet`);
secret('redis_url', () => `redis://default:${redis}@redis:6379`);
secret('redis_acl', () => `user default on >${redis} ~* &* +@all`);
