/**
 * The navigation: one entry per module page that exists. A module adds its entry when
 * it ships its page; nothing is listed ahead of its implementation.
 */
import type { MessageKey } from '~/i18n/messages';

export interface NavEntry {
  href: string;
  label: MessageKey;
  section: 'nav.section.operations' | 'nav.section.system';
}

export const NAV_ENTRIES: NavEntry[] = [
  { href: '/', label: 'nav.dashboard', section: 'nav.section.operations' },
  { href: '/system', label: 'nav.system_status', section: 'nav.section.system' },
];
