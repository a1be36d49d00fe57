/** The chosen UI language, persisted in localStorage (spec §4: global state via Zustand persist). */
'use client';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { Locale } from '@rrnet/contracts';

interface LocaleState {
  locale: Locale;
  setLocale: (locale: Locale) => void;
}

export const useLocaleStore = create<LocaleState>()(
  persist(
    (set) => ({
      locale: 'id',
      setLocale: (locale) => set({ locale }),
    }),
    { name: 'rrnet-locale', storage: createJSONStorage(() => localStorage) },
  ),
);
