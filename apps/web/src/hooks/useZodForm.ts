'use client';
/**
 * The kit's `useZodForm` with zod's own messages ("Too small…") in the page's language.
 * Only pages with a form load zod's locales (and zod): the language is set here, where a
 * schema is about to check what the person typed, not on every page.
 */
import { useLocale } from 'next-intl';
import type { FieldValues, UseFormProps, UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';
import { config as zodConfig } from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';
import id from 'zod/v4/locales/id.js';
import { useZodForm as useKitZodForm } from '@rrnet/ui/Form';
import '~/lib/zod_browser';

let configured: string | null = null;

/** zod's messages in `locale` (zod keeps one global setting; set only when it changes). */
export function setZodLocale(locale: string) {
  if (configured === locale) return;
  zodConfig(locale === 'id' ? id() : en());
  configured = locale;
}

export function useZodForm<S extends z.ZodType<FieldValues, FieldValues>>(
  schema: S,
  options: Omit<UseFormProps<z.input<S>, unknown, z.output<S>>, 'resolver'> = {},
): UseFormReturn<z.input<S>, unknown, z.output<S>> {
  setZodLocale(useLocale());
  return useKitZodForm(schema, options);
}
