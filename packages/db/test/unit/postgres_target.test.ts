import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { postgresTarget } from '../../src/client';

// any readable file stands in for a PEM: postgresTarget only reads it
const FILE = fileURLToPath(import.meta.url);

describe('postgresTarget: libpq TLS parameters → postgres.js ssl', () => {
  it('leaves a URL without TLS parameters as it is (no TLS)', () => {
    expect(postgresTarget('postgres://a@db:5432/x?application_name=y')).toEqual({
      url: 'postgres://a@db:5432/x?application_name=y',
      ssl: false,
    });
  });

  it('verify-full: verified chain and host; the CA and client certificate read from the named files; the parameters stripped', () => {
    const t = postgresTarget(
      `postgres://a@db.internal:5432/x?sslmode=verify-full&sslrootcert=${FILE}&sslcert=${FILE}&sslkey=${FILE}&options=-c%20x%3D1`,
    );
    expect(t.url).toBe('postgres://a@db.internal:5432/x?options=-c+x%3D1');
    const content = readFileSync(FILE);
    expect(t.ssl).toEqual({ ca: content, cert: content, key: content, rejectUnauthorized: true });
  });

  it('verify-full to an IP address checks the certificate against that address', () => {
    expect(
      postgresTarget('postgres://a@10.0.0.5/x?sslmode=verify-full&sslrootcert=system').ssl,
    ).toEqual({ host: '10.0.0.5', rejectUnauthorized: true });
    expect(() => postgresTarget('postgres://a@10.0.0.5,10.0.0.6/x?sslmode=verify-full')).toThrow(
      /host names, not IP addresses/,
    );
  });

  it('maps the weaker modes as libpq does', () => {
    expect(postgresTarget('postgres://a@db/x?sslmode=disable').ssl).toBe(false);
    expect(postgresTarget('postgres://a@db/x?sslmode=prefer').ssl).toBe('prefer');
    expect(postgresTarget('postgres://a@db/x?sslmode=require').ssl).toBe('require');
    const verifyCa = postgresTarget(`postgres://a@db/x?sslmode=verify-ca&sslrootcert=${FILE}`)
      .ssl as { rejectUnauthorized: boolean; checkServerIdentity: () => unknown };
    expect([verifyCa.rejectUnauthorized, verifyCa.checkServerIdentity()]).toEqual([
      true,
      undefined,
    ]);
    // libpq: require with a root certificate verifies the chain (verify-ca)
    expect(
      (
        postgresTarget(`postgres://a@db/x?sslmode=require&sslrootcert=${FILE}`).ssl as {
          rejectUnauthorized: boolean;
        }
      ).rejectUnauthorized,
    ).toBe(true);
    expect(() => postgresTarget('postgres://a@db/x?sslmode=always')).toThrow(
      /unknown sslmode "always"/,
    );
  });
});
