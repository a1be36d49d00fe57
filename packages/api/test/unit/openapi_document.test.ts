/**
 * The OpenAPI document's rules, without I/O: each operation's builder is read from its
 * middlewares, its error responses follow from that and its meta, and every status carries
 * exactly the codes ERROR_HTTP_STATUS gives it.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_HTTP_STATUS } from '@rrnet/contracts';
import type { ErrorCode } from '@rrnet/contracts';
import { generateOpenApiDocument } from '../../src/openapi';
import { operationFacts } from '../../src/openapi_responses';
import { appRouter } from '../../src/root';

type Json = Record<string, unknown>;
const doc = generateOpenApiDocument('https://rrnet.test') as unknown as Json;
const operations = Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(
  ([path, item]) => Object.entries(item).map(([method, op]) => ({ key: `${method} ${path}`, op })),
);
const facts = operationFacts(appRouter._def.procedures);
const codesAt = (op: Json, status: string) =>
  (
    ((((op.responses as Json)[status] as Json).content as Json)['application/json'] as Json)
      .schema as { properties: { error_code: { enum: ErrorCode[] } } }
  ).properties.error_code.enum;

describe('the OpenAPI document', () => {
  it('reads the builder of every procedure', () => {
    const chains = Object.fromEntries([...facts].map(([key, f]) => [key, f.chain]));
    expect(chains).toMatchObject({
      'get /system/health': 'public',
      'post /auth/login': 'public',
      'get /auth/me': 'authed',
      'get /platform/job-stats': 'platform',
      'get /customers/customers': 'tenant',
    });
    // 149 = 1 public health + 2 public sign-in + 5 public ISP sign-up (challenge, slug, start, resend, verify) + 1 public platform Midtrans notifications + 6 account + 23 platform (1 metrics + 5 jobs + 3 SaaS invoices + 3 plans + 6 tenants + 1 revenue + 4 audit: list, verify, export, an ISP's under support access)
    // + 111 ISP operations (51 + 2 paying RRNet: a SaaS invoice's payment link, ending the trial + 3 logo: get, upload, remove + 3 payment gateway: get, select, Xendit keys + 12 notifications + 3 router tunnel + 4 reports + 11 outages (with the map) + 9 tickets (with the customer's line) + 3 SaaS: subscription, saas-invoices, onboarding + 3 audit: list, verify, export + 3 support access: get, grant, revoke + 4 custom roles: list, create, update, delete)
    expect(Object.values(chains).filter((c) => c === 'tenant')).toHaveLength(111);
    expect(Object.values(chains).filter((c) => c === 'public')).toHaveLength(9);
    expect(Object.values(chains).filter((c) => c === 'platform')).toHaveLength(23);
    expect(operations).toHaveLength(facts.size);
  });

  it('gives every status only the codes ERROR_HTTP_STATUS maps to it', () => {
    for (const { key, op } of operations) {
      for (const status of Object.keys(op.responses as Json).filter((s) => s !== '200')) {
        for (const code of codesAt(op, status))
          expect(`${key} ${status} ${code}`).toBe(`${key} ${ERROR_HTTP_STATUS[code]} ${code}`);
      }
    }
  });

  it('follows the chain: auth, rate limits and idempotency on ISP operations, meta for the rest', () => {
    for (const { key, op } of operations) {
      const fact = facts.get(key)!;
      const statuses = Object.keys(op.responses as Json);
      expect(statuses.slice(0, 2), key).toEqual(['200', '400']);
      expect(statuses, key).toEqual(expect.arrayContaining(['500', '503']));
      expect(op.security, key).toEqual(fact.chain === 'public' ? [] : [{ bearer: [] }]);
      expect(statuses.includes('401'), key).toBe(
        fact.chain !== 'public' || (fact.meta.errors ?? []).includes('UNAUTHENTICATED'),
      );
      const idempotent = ((op.parameters as Json[] | undefined) ?? []).some(
        (p) => p.name === 'Idempotency-Key',
      );
      expect(idempotent, key).toBe(fact.chain === 'tenant' && fact.mutation);
      if (fact.chain === 'tenant') {
        expect(codesAt(op, '403'), key).toContain('FORBIDDEN');
        expect(codesAt(op, '403').includes('FEATURE_DISABLED'), key).toBe(
          Boolean(fact.meta.feature),
        );
        expect(codesAt(op, '429'), key).toEqual(['RATE_LIMITED']);
        expect(statuses.includes('409'), key).toBe(
          fact.mutation || (fact.meta.errors ?? []).includes('CONFLICT'),
        );
      }
      if (/\{[^}]+\}/.test(key) && fact.chain !== 'public')
        expect(codesAt(op, '404'), key).toEqual(['NOT_FOUND']);
      expect(String(op.summary).length, key).toBeGreaterThan(5);
      expect(String(op.description).length, key).toBeGreaterThan(20);
    }
  });

  it('keeps no schema of trpc-to-openapi’s own error shape', () => {
    const text = JSON.stringify(doc);
    expect(Object.keys((doc.components as Json).schemas as Json)).toEqual([
      'ResponseMeta',
      'ErrorEnvelope',
    ]);
    expect(text).not.toContain('error.BAD_REQUEST');
    expect(doc.servers).toEqual([
      { url: 'https://rrnet.test/api/v1', description: expect.any(String) },
    ]);
  });
});
