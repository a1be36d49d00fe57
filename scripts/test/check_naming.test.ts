import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../check_naming.mjs', import.meta.url));
let root: string;

function tree(files: Record<string, string>) {
  root = mkdtempSync(join(tmpdir(), 'naming-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  const r = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
}

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('naming check', () => {
  it('accepts a tree that follows spec §1', () => {
    const r = tree({
      'packages/db/src/schema/network.ts': "pgTable('tenant_routers', {})",
      'packages/core/src/network/router_service.ts': 'export const MAX_ROUTER_LIMIT = 5;\nexport function createRouter() {}',
      'apps/web/src/components/RouterList.tsx': 'export function RouterList() {}',
      'apps/web/src/hooks/useRouterList.ts': 'export function useRouterList() {}',
      'apps/web/src/app/api/v1/x/route.ts': '',
      'packages/api/src/routers/network.ts': "meta({ openapi: { path: '/network/routers/{router_id}' } })",
      'drizzle/0001_network.sql': 'CREATE TABLE "tenant_routers" (id int);',
    });
    expect(r.output).toContain('0 violations');
    expect(r.status).toBe(0);
  });

  it('names each violation', () => {
    const r = tree({
      'packages/db/src/schema/network.ts': "pgTable('routers', {})",
      'packages/core/src/network/RouterService.ts': 'export const maxRouters = 5;',
      'apps/web/src/components/router-list.tsx': 'export function routerList() {}',
      'apps/web/src/hooks/use_router.ts': '',
      'apps/web/src/app/api/routers/route.ts': '',
      'packages/api/src/routers/network.ts': "meta({ openapi: { path: '/routers' } })",
      'drizzle/0001_x.sql': 'CREATE TABLE audit_logs (id int);',
    });
    expect(r.status).toBe(1);
    for (const expected of [
      'table "routers"',
      'RouterService.ts: backend files are snake_case',
      'constant "maxRouters"',
      'router-list.tsx: React component files are PascalCase.tsx',
      'component "routerList"',
      'use_router.ts: hook files are named useX',
      '"/api/routers" is not allowed',
      'REST path "/routers"',
      'table "audit_logs"',
    ]) {
      expect(r.output).toContain(expected);
    }
  });
});
