/** A member's permissions (issue #17): their custom role's when they hold one, else their built-in role's. */
import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS } from '@rrnet/contracts';
import { memberPermissions } from '../../src/role_grants';
import type { RoleGrants } from '../../src/role_grants';

const grants: RoleGrants = {
  members: { 'user-a': 'role-1', 'user-b': 'role-gone' },
  roles: { 'role-1': ['customers.customers.read'] },
};

describe('memberPermissions', () => {
  it('gives a member holding a custom role exactly its permissions, not the built-in role’s', () => {
    expect(memberPermissions(grants, 'user-a', 'technician')).toEqual(['customers.customers.read']);
  });

  it('falls back to the built-in role without a custom role (or one no longer known)', () => {
    expect(memberPermissions(grants, 'user-c', 'billing')).toEqual(ROLE_PERMISSIONS.billing);
    expect(memberPermissions(grants, 'user-b', 'viewer')).toEqual(ROLE_PERMISSIONS.viewer);
    expect(memberPermissions({ members: {}, roles: {} }, 'user-a', 'admin')).toEqual(ROLE_PERMISSIONS.admin);
  });
});
