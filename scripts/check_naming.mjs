#!/usr/bin/env node
/**
 * Naming check (spec §1, adapted to TypeScript). Fails on:
 *   - tables without a tenant_/saas_/sys_ prefix or not snake_case (Drizzle schema + SQL)
 *   - backend .ts files not snake_case
 *   - React component files (.tsx) not PascalCase; hooks not useX (file and export)
 *   - exported React components not PascalCase; exported primitive constants not UPPER_SNAKE_CASE
 *   - REST paths not /api/v1/{module}/{resource} (route folders and OpenAPI `path:` metas)
 * Run: `node scripts/check_naming.mjs [root]`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';

const ROOT = process.argv[2] ?? new URL('..', import.meta.url).pathname;
const SKIP_DIRS = new Set(['node_modules', '.next', '.turbo', 'dist', '.git', '.rrnet', 'test-results', 'playwright-report', 'meta']);
const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const PASCAL = /^[A-Z][A-Za-z0-9]*$/;
const HOOK = /^use[A-Z][A-Za-z0-9]*$/;
const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const TABLE = /^(tenant|saas|sys)_[a-z0-9]+(_[a-z0-9]+)*$/;
// Next.js App Router file conventions and tool config files keep their required names.
const NEXT_FILES = new Set(['page', 'layout', 'route', 'loading', 'error', 'not-found', 'global-error', 'template', 'default', 'middleware', 'instrumentation', 'proxy', 'next-env.d']);
const NEXT_SEGMENT_EXPORTS = new Set(['dynamic', 'revalidate', 'runtime', 'fetchCache', 'preferredRegion', 'maxDuration', 'dynamicParams', 'metadata', 'viewport']);
const API_TOP = new Set(['trpc', 'health', 'v1', 'auth', 'metrics']);

const violations = [];
let checked = 0;
const report = (file, message) => violations.push(`${relative(ROOT, file)}: ${message}`);

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

const files = walk(ROOT).filter((f) => /\/(apps|packages|scripts|bench|drizzle|tooling)\//.test(f));

for (const file of files) {
  const ext = extname(file);
  const rel = relative(ROOT, file);
  const stem = basename(file, ext).replace(/\.(test|spec|d)$/, '');
  if (!['.ts', '.tsx', '.mjs', '.js', '.sql'].includes(ext)) continue;
  checked++;
  if (/\.config\.(ts|js|mjs)$/.test(file) || NEXT_FILES.has(basename(file, ext))) {
    // conventional names required by Next.js / tools
  } else if (ext === '.sql') {
    if (!/^\d{4}_[a-z0-9_]+$/.test(stem) && !SNAKE.test(stem)) report(file, 'SQL file names are NNNN_snake_case');
  } else if (ext === '.tsx') {
    if (!PASCAL.test(stem) && !HOOK.test(stem)) report(file, 'React component files are PascalCase.tsx');
  } else if (/^use[A-Z_-]/.test(stem)) {
    if (!HOOK.test(stem)) report(file, 'hook files are named useX');
  } else if (rel.startsWith('apps/web/src/app/') && NEXT_FILES.has(stem)) {
    // route.ts etc.
  } else if (!SNAKE.test(stem) && stem !== 'index') {
    report(file, 'backend files are snake_case');
  }

  if (ext === '.sql' || !/\.(ts|tsx)$/.test(file)) {
    if (ext === '.sql') checkSql(file);
    continue;
  }
  // Test files may hold counter-examples as fixtures; their names are still checked.
  if (/\/(test|tests|e2e)\//.test(rel) || /\.(test|spec)\.tsx?$/.test(rel)) continue;
  const text = readFileSync(file, 'utf8');
  checkSource(file, text, ext);
}

function checkSql(file) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?(?:(\w+)"?\.)?"?(\w+)"?/gi)) {
    const [schema, table] = [m[1], m[2]];
    if (schema && schema !== 'public') continue;
    if (!TABLE.test(table) && !/_(p\d{6}|default)$/.test(table)) report(file, `table "${table}" needs a tenant_/saas_/sys_ prefix and snake_case`);
  }
}

function checkSource(file, text, ext) {
  for (const m of text.matchAll(/pgTable\(\s*['"`]([^'"`]+)['"`]/g)) {
    if (!TABLE.test(m[1])) report(file, `table "${m[1]}" needs a tenant_/saas_/sys_ prefix and snake_case`);
  }
  for (const m of text.matchAll(/\bpath:\s*['"`](\/[^'"`]*)['"`]/g)) {
    checkRestPath(file, m[1]);
  }
  for (const m of text.matchAll(/^export (?:default )?function (\w+)/gm)) {
    const name = m[1];
    if (name.startsWith('use') && !HOOK.test(name)) report(file, `hook "${name}" must be useX`);
    if (ext === '.tsx' && !name.startsWith('use') && !PASCAL.test(name)) report(file, `component "${name}" must be PascalCase`);
  }
  for (const m of text.matchAll(/^export const ([A-Za-z_]\w*)\s*(?::[^=]+)?=\s*(['"`\d-]|true\b|false\b)/gm)) {
    if (!UPPER_SNAKE.test(m[1]) && !NEXT_SEGMENT_EXPORTS.has(m[1])) report(file, `constant "${m[1]}" must be UPPER_SNAKE_CASE`);
  }
  for (const m of text.matchAll(/^export (?:interface|type|class|enum) (\w+)/gm)) {
    if (!PASCAL.test(m[1])) report(file, `type "${m[1]}" must be PascalCase`);
  }
}

function checkRestPath(file, path) {
  // OpenAPI paths of procedures: /{module}/{resource}[/{param}...] under /api/v1
  const parts = path.replace(/^\/api\/v1/, '').split('/').filter(Boolean);
  if (parts.length < 2) return report(file, `REST path "${path}" must be /api/v1/{module}/{resource}`);
  for (const part of parts) {
    if (/^\{[a-z_]+\}$/.test(part)) continue;
    if (!KEBAB.test(part)) report(file, `REST path segment "${part}" in "${path}" must be kebab-case`);
  }
}

// Route folders under apps/web/src/app/api
const apiDir = join(ROOT, 'apps/web/src/app/api');
try {
  for (const top of readdirSync(apiDir)) {
    if (!API_TOP.has(top)) report(join(apiDir, top), `REST routes live under /api/v1/{module}/{resource}; "/api/${top}" is not allowed`);
  }
} catch {
  // no API routes yet
}

if (violations.length) {
  console.error(`naming: ${violations.length} violation(s) in ${checked} files`);
  for (const v of violations) console.error(`  ${v}`);
  process.exit(1);
}
console.log(`naming: ${checked} files checked, 0 violations`);
