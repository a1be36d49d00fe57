import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLE_PERMISSIONS } from '@rrnet/contracts';
import type { Role } from '@rrnet/contracts';
import { message } from './catalog_files';
import { NAV_ENTRIES, activeNavHref, visibleNavEntries } from '~/lib/modules';

const hrefs = (role: Role, hasTenant = true) => visibleNavEntries(ROLE_PERMISSIONS[role], { hasTenant }).map((e) => e.href);
const ALWAYS = ['/', '/profile', '/system'];

describe('NAV_ENTRIES', () => {
  it('has one entry per page, each labelled in both languages and guarded by a real permission', () => {
    expect(new Set(NAV_ENTRIES.map((e) => e.href)).size).toBe(NAV_ENTRIES.length);
    for (const entry of NAV_ENTRIES) {
      expect(message('id', entry.label), entry.label).toMatch(/\S/);
      expect(message('en', entry.label), entry.label).toMatch(/\S/);
      expect(message('id', entry.section), entry.section).toMatch(/\S/);
      if (entry.permission) expect(Object.keys(PERMISSIONS)).toContain(entry.permission);
    }
  });

  it('marks every entry behind a tenant permission as needing a tenant, and platform pages as not', () => {
    for (const entry of NAV_ENTRIES) {
      if (entry.permission?.startsWith('platform.')) expect(entry.tenant, entry.href).toBeUndefined();
      else if (entry.permission) expect(entry.tenant, entry.href).toBe(true);
    }
  });
});

describe('visibleNavEntries', () => {
  it('shows everything but the platform area to an owner, in the declared order', () => {
    const expected = NAV_ENTRIES.filter((e) => !e.permission?.startsWith('platform.')).map((e) => e.href);
    expect(hrefs('owner')).toEqual(expected);
    expect(hrefs('admin')).toEqual(expected);
  });

  it('shows a viewer the read pages but not the admin area or the billing settings', () => {
    const visible = hrefs('viewer');
    expect(visible).toEqual(expect.arrayContaining(['/customers', '/network/routers', '/maps', '/billing/invoices', '/isolir']));
    for (const href of ['/admin/users', '/admin/api-keys', '/billing/settings', '/platform/jobs']) expect(visible).not.toContain(href);
  });

  it('keeps billing pages from technicians and network pages in view for them', () => {
    const visible = hrefs('technician');
    expect(visible.filter((h) => h.startsWith('/billing'))).toEqual([]);
    expect(visible).toEqual(expect.arrayContaining(['/network/routers', '/network/topology', '/maps', '/customers']));
  });

  it('shows every role the dashboard, profile and system status, even with no permissions at all', () => {
    for (const role of Object.keys(ROLE_PERMISSIONS) as Role[]) expect(hrefs(role)).toEqual(expect.arrayContaining(ALWAYS));
    expect(visibleNavEntries([]).map((e) => e.href)).toEqual(ALWAYS);
  });

  it('hides tenant pages from a super admin outside any ISP, whatever the permissions', () => {
    expect(hrefs('super_admin', false)).toEqual(['/', '/platform/metrics', '/platform/jobs', '/platform/dead-letters', '/platform/tenants', '/platform/plans', '/platform/saas-invoices', '/profile', '/system']);
    expect(hrefs('super_admin', true)).toEqual(NAV_ENTRIES.map((e) => e.href));
  });

  it('assumes a tenant when not told otherwise', () => {
    expect(visibleNavEntries(ROLE_PERMISSIONS.viewer)).toEqual(visibleNavEntries(ROLE_PERMISSIONS.viewer, {}));
    expect(visibleNavEntries(ROLE_PERMISSIONS.viewer)).toEqual(visibleNavEntries(ROLE_PERMISSIONS.viewer, { hasTenant: true }));
  });
});

describe('activeNavHref', () => {
  it('picks the entry a page belongs to: the longest href that is the path or one of its parents', () => {
    expect(activeNavHref('/', NAV_ENTRIES)).toBe('/');
    expect(activeNavHref('/customers', NAV_ENTRIES)).toBe('/customers');
    expect(activeNavHref('/customers/3d4e5f60-7182-4930-9c4d-5e6f7a8b9cad', NAV_ENTRIES)).toBe('/customers');
    expect(activeNavHref('/customers/plans', NAV_ENTRIES)).toBe('/customers/plans');
    expect(activeNavHref('/customers/plans/new', NAV_ENTRIES)).toBe('/customers/plans');
    expect(activeNavHref('/network/routers/5f607182/drift', NAV_ENTRIES)).toBe('/network/routers');
  });

  it('does not treat a shared prefix as a parent, nor "/" as the parent of every page', () => {
    expect(activeNavHref('/customersx', NAV_ENTRIES)).toBeNull();
    expect(activeNavHref('/billing', NAV_ENTRIES)).toBeNull();
    expect(activeNavHref('/unknown/page', NAV_ENTRIES)).toBeNull();
  });

  it('falls back to the parent the user can see when the closer entry is hidden', () => {
    const withoutPlans = NAV_ENTRIES.filter((e) => e.href !== '/customers/plans');
    expect(activeNavHref('/customers/plans', withoutPlans)).toBe('/customers');
    expect(activeNavHref('/customers', [])).toBeNull();
  });
});
