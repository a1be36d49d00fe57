/**
 * The navigation: one entry per module page that exists. A module adds its entry when
 * it ships its page; nothing is listed ahead of its implementation. An entry with a
 * `permission` is shown only to roles that have it (the API enforces it regardless).
 */
import type { Permission } from '@rrnet/contracts';
import type { MessageKey } from '~/i18n/messages';

export interface NavEntry {
  href: string;
  label: MessageKey;
  section: 'nav.section.operations' | 'nav.section.admin' | 'nav.section.account' | 'nav.section.system';
  permission?: Permission;
}

export const NAV_ENTRIES: NavEntry[] = [
  { href: '/', label: 'nav.dashboard', section: 'nav.section.operations' },
  { href: '/admin/users', label: 'nav.users', section: 'nav.section.admin', permission: 'admin.users.read' },
  { href: '/admin/api-keys', label: 'nav.api_keys', section: 'nav.section.admin', permission: 'admin.api_keys.read' },
  { href: '/profile', label: 'nav.profile', section: 'nav.section.account' },
  { href: '/system', label: 'nav.system_status', section: 'nav.section.system' },
];

/** The entries a user with these permissions may see, in order. */
export function visibleNavEntries(permissions: readonly Permission[]): NavEntry[] {
  return NAV_ENTRIES.filter((entry) => !entry.permission || permissions.includes(entry.permission));
}
