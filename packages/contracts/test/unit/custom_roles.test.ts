/**
 * Custom roles' permissions (issue #17): from the catalogue only, never a platform
 * permission, each once; the offending entry is named by its index so the form and the
 * REST envelope put the message on it.
 */
import { describe, expect, it } from 'vitest';
import {
  CUSTOM_ROLE_TEMPLATES,
  PERMISSION_LIST,
  ROLE_PERMISSIONS,
  TENANT_PERMISSIONS,
  customRoleCreateInput,
  customRolePermissionProblem,
  customRolePermissions,
  userUpdateInput,
  zodIssuesToDetails,
} from '../../src';

const detailsOf = (input: unknown) => {
  const parsed = customRolePermissions.safeParse(input);
  return parsed.success ? null : zodIssuesToDetails(parsed.error.issues);
};

describe('customRolePermissionProblem', () => {
  it('accepts every permission an ISP may grant and refuses every platform one', () => {
    for (const p of TENANT_PERMISSIONS) expect({ p, problem: customRolePermissionProblem(p) }).toEqual({ p, problem: null });
    const platform = PERMISSION_LIST.filter((p) => p.startsWith('platform.'));
    expect(platform.length).toBeGreaterThan(0);
    for (const p of platform) expect({ p, problem: customRolePermissionProblem(p) }).toEqual({ p, problem: 'platform' });
  });

  it('calls a name outside the catalogue unknown, an object key like toString too', () => {
    expect(customRolePermissionProblem('customers.customer.read')).toBe('unknown');
    expect(customRolePermissionProblem('toString')).toBe('unknown');
    expect(customRolePermissionProblem('platform.anything.manage')).toBe('unknown');
    expect(customRolePermissionProblem('')).toBe('unknown');
  });
});

describe('customRolePermissions', () => {
  it('takes a set of catalogue permissions', () => {
    expect(detailsOf(['customers.customers.read', 'billing.payments.record'])).toBeNull();
    expect(detailsOf([...TENANT_PERMISSIONS])).toBeNull();
  });

  it('names the entry that is a platform permission, unknown or repeated', () => {
    expect(detailsOf(['customers.customers.read', 'platform.tenants.manage'])).toEqual({ '1': 'A role of an ISP cannot grant platform permissions' });
    expect(detailsOf(['nope.nope.read', 'customers.customers.read'])).toEqual({ '0': 'Unknown permission' });
    expect(detailsOf(['customers.customers.read', 'customers.customers.read'])).toEqual({ '1': 'Listed twice' });
  });

  it('wants at least one permission', () => {
    expect(detailsOf([])).toEqual({ _: 'Grant at least one permission' });
  });
});

describe('customRoleCreateInput', () => {
  it('starts from a built-in role other than owner, and puts the problem on permissions.N', () => {
    expect(CUSTOM_ROLE_TEMPLATES).not.toContain('owner');
    expect(customRoleCreateInput.safeParse({ name: 'Kasir', base_role: 'owner' }).success).toBe(false);
    const parsed = customRoleCreateInput.safeParse({ name: 'Kasir', base_role: 'billing', permissions: ['billing.payments.record', 'platform.jobs.manage'] });
    expect(parsed.success).toBe(false);
    expect(zodIssuesToDetails(parsed.error!.issues)).toEqual({ 'permissions.1': 'A role of an ISP cannot grant platform permissions' });
  });

  it('templates grant no platform permission', () => {
    for (const t of CUSTOM_ROLE_TEMPLATES) expect(ROLE_PERMISSIONS[t].filter((p) => customRolePermissionProblem(p) !== null)).toEqual([]);
  });
});

describe('userUpdateInput', () => {
  it('takes a built-in role or a custom role, not both', () => {
    const user_id = '0b6f2a52-5d3c-4e0b-9a51-3c2f1e0d9a77';
    expect(userUpdateInput.safeParse({ user_id, custom_role_id: user_id }).success).toBe(true);
    expect(userUpdateInput.safeParse({ user_id, custom_role_id: null }).success).toBe(true);
    expect(userUpdateInput.safeParse({ user_id, role: 'viewer', custom_role_id: null }).success).toBe(true);
    expect(userUpdateInput.safeParse({ user_id, role: 'viewer', custom_role_id: user_id }).success).toBe(false);
  });
});
