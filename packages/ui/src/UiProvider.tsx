'use client';
/**
 * What the kit needs from the app: the few words its components say themselves
 * (loading, load more, cancel…) in the person's language, the translation of a field's
 * message (a schema's or the server's, written in English in the contracts), and the app's
 * link component (next/link), so the kit holds no strings and no router of its own.
 */
import { createContext, useContext } from 'react';
import type { ComponentType, ReactNode } from 'react';

export interface UiText {
  loading: string;
  loadMore: string;
  cancel: string;
  close: string;
  sortedAscending: string;
  sortedDescending: string;
  sortBy: string;
  /** a filter bar on a phone shows its first field; the rest behind these */
  moreFilters: string;
  fewerFilters: string;
}

export type UiLink = ComponentType<{ href: string; className?: string; children?: ReactNode; prefetch?: boolean }>;

interface UiContextValue {
  text: UiText;
  /** A field's error message in the person's language (a message it does not know: as it is). */
  fieldMessage: (message: string) => string;
  Link: UiLink;
}

const UiContext = createContext<UiContextValue | null>(null);

export function UiProvider({ text, fieldMessage, Link, children }: UiContextValue & { children: ReactNode }) {
  return <UiContext value={{ text, fieldMessage, Link }}>{children}</UiContext>;
}

export function useUi(): UiContextValue {
  const value = useContext(UiContext);
  if (!value) throw new Error('@rrnet/ui components need a <UiProvider> above them');
  return value;
}
