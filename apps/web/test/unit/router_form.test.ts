import { describe, expect, it } from 'vitest';
import { routerCreateInput, routerUpdateInput } from '@rrnet/contracts';
import type { Router } from '@rrnet/contracts';
import { DEFAULT_ROUTER_PORT, EMPTY_ROUTER, routerCreateForm, routerEditForm, routerFields, routerFormValues } from '~/lib/router_form';

const ID = '5f607182-93a4-4b52-9e6f-7a8b9cadbecf';

const router = (over: Partial<Router> = {}): Router => ({
  id: ID,
  name: 'MikroTik Pusat',
  host: '10.10.0.1',
  port: 8443,
  use_tls: true,
  tls_ca_pem: null,
  tls_ca_fingerprint: null,
  username: 'rrnet',
  status: 'online',
  ros_version: '7.16.2 (stable)',
  identity: 'MikroTik-Pusat',
  board_name: 'RB5009UG+S+',
  uptime: '3d4h',
  secret_count: 120,
  active_count: 110,
  customer_count: 120,
  last_seen_at: new Date('2026-11-26T03:00:00Z'),
  last_sync_at: new Date('2026-11-26T03:00:00Z'),
  last_error: null,
  drift_count: 0,
  drift_checked_at: null,
  address: 'Jl. Raya Bekasi Km 18',
  location: { lat: -6.2, lng: 106.9 },
  created_at: new Date('2026-01-01T00:00:00Z'),
  ...over,
});

describe('EMPTY_ROUTER', () => {
  it('starts on HTTPS with its default port (RouterOS REST: 443, plain HTTP 80)', () => {
    expect(EMPTY_ROUTER.use_tls).toBe(true);
    expect(EMPTY_ROUTER.port).toBe(DEFAULT_ROUTER_PORT.tls);
    expect(DEFAULT_ROUTER_PORT).toEqual({ tls: '443', plain: '80' });
  });
});

describe('routerFields', () => {
  it('is a valid create input once name, host, user and password are filled in', () => {
    const fields = routerFields({ ...EMPTY_ROUTER, name: 'Router Timur', host: 'rt.example.net', username: 'admin' });
    expect(fields).toEqual({ name: 'Router Timur', host: 'rt.example.net', port: 443, use_tls: true, tls_ca_pem: null, username: 'admin', address: null, location: null });
    expect(routerCreateInput.safeParse({ ...fields, password: 'rahasia' }).success).toBe(true);
  });

  it('parses the port and the location, and trims the address', () => {
    const fields = routerFields({ ...EMPTY_ROUTER, name: 'R', host: 'h', port: ' 8728 ', use_tls: false, address: '  Jl. Mawar 5 ', location: { lat: '-6,25', lng: '106,95' } });
    expect(fields).toMatchObject({ port: 8728, use_tls: false, address: 'Jl. Mawar 5', location: { lat: -6.25, lng: 106.95 } });
  });

  it('makes a blank or garbled port NaN, which the API refuses on the port field', () => {
    for (const port of ['', '  ', 'https']) {
      const fields = routerFields({ ...EMPTY_ROUTER, name: 'Router Timur', host: '10.0.0.1', username: 'admin', port });
      expect(fields.port).toBeNaN();
      const paths = routerCreateInput.safeParse({ ...fields, password: 'x' }).error!.issues.map((i) => i.path);
      expect(paths).toEqual([['port']]);
    }
  });

  it('never carries the password (the caller adds it only when one was typed)', () => {
    expect(routerFields({ ...EMPTY_ROUTER, password: 'rahasia' })).not.toHaveProperty('password');
  });
});

describe('routerFormValues', () => {
  it('puts a stored router in the form with a blank password (blank keeps the stored one)', () => {
    expect(routerFormValues(router())).toEqual({
      name: 'MikroTik Pusat',
      host: '10.10.0.1',
      port: '8443',
      use_tls: true,
      tls_ca_pem: '',
      username: 'rrnet',
      password: '',
      address: 'Jl. Raya Bekasi Km 18',
      location: { lat: '-6.2', lng: '106.9' },
    });
  });

  it('shows no address and no location as blanks', () => {
    expect(routerFormValues(router({ address: null, location: null }))).toMatchObject({ address: '', location: { lat: '', lng: '' } });
  });

  it('round-trips into the fields of a valid update', () => {
    const stored = router({ port: 80, use_tls: false, address: null });
    const fields = routerFields(routerFormValues(stored));
    expect(fields).toEqual({ name: stored.name, host: stored.host, port: 80, use_tls: false, tls_ca_pem: null, username: stored.username, address: null, location: stored.location });
    expect(routerUpdateInput.safeParse({ id: ID, ...fields }).success).toBe(true);
  });
});

describe('the form schemas (what the browser checks before sending)', () => {
  it('adds a router: the password is required, the port parsed, messages on the form\'s field names', () => {
    const typed = { ...EMPTY_ROUTER, name: 'Router Timur', host: 'rt.example.net', username: 'admin' };
    expect(routerCreateForm.safeParse(typed).error!.issues.map((i) => i.path)).toEqual([['password']]);
    expect(routerCreateForm.parse({ ...typed, password: 'rahasia', port: '8728' })).toMatchObject({ port: 8728, password: 'rahasia', location: null });
    const bad = routerCreateForm.safeParse({ ...typed, password: 'x', port: 'https', location: { lat: '-6.2', lng: '' } });
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['location.lng', 'port']);
  });

  it('edits a router: a blank password keeps the stored one', () => {
    const values = routerFormValues(router());
    expect(routerEditForm(ID).parse(values)).not.toHaveProperty('password');
    expect(routerEditForm(ID).parse({ ...values, password: 'baru' })).toMatchObject({ id: ID, password: 'baru' });
  });
});

describe('the router CA certificate', () => {
  const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
  it('goes with HTTPS only, a blank one meaning the public CAs', () => {
    expect(routerFields({ ...EMPTY_ROUTER, use_tls: true, tls_ca_pem: `  ${PEM}\n` }).tls_ca_pem).toBe(`  ${PEM}\n`.trim());
    expect(routerFields({ ...EMPTY_ROUTER, use_tls: false, tls_ca_pem: PEM }).tls_ca_pem).toBeNull();
    expect(routerFields({ ...EMPTY_ROUTER, use_tls: true, tls_ca_pem: '   ' }).tls_ca_pem).toBeNull();
    expect(routerFormValues(router({ tls_ca_pem: PEM })).tls_ca_pem).toBe(PEM);
  });

  it('must look like a PEM certificate', () => {
    const typed = { ...EMPTY_ROUTER, name: 'Router Timur', host: 'rt.example.net', username: 'admin', password: 'x', tls_ca_pem: 'not a certificate' };
    expect(routerCreateForm.safeParse(typed).error!.issues.map((i) => i.path.join('.'))).toEqual(['tls_ca_pem']);
    expect(routerCreateForm.parse({ ...typed, tls_ca_pem: PEM }).tls_ca_pem).toBe(PEM);
  });
});
