/**
 * The person's language choice: global UI state in a Zustand persist store (spec §4),
 * mirrored in a cookie so the server renders that language too (no hydration mismatch).
 * null: no choice made, the ISP's default applies.
 */
'use client';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { Locale } from '@rrnet/contracts';
import { localeCookie } from '~/lib/locale';

interface LocaleState {
  locale: Locale | null;
  setLocale: (locale: Locale) => void;
}

export const useLocaleStore = create<LocaleState>()(
  persist(
    (set) => ({
      locale: null,
      setLocale: (locale) => {
        document.cookie = localeCookie(locale);
        set({ locale });
      },
    }),
    { name: 'rrnet-locale', storage: createJSONStorage(() => localStorage) },
  ),
);
