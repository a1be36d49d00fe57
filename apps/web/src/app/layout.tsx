import type { Metadata, Viewport } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale } from 'next-intl/server';
import type { ReactNode } from 'react';
import { AppProviders } from '~/components/AppProviders';
import './globals.css';

export const metadata: Metadata = {
  title: 'RRNet',
  description: 'Multi-tenant ISP management',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#0b3d73' };

/**
 * The root: html in the page's language (the person's choice or the ISP's default,
 * resolved on the server: src/i18n/request.ts), next-intl's messages for client
 * components, the client providers. Signed-in pages live in (app)/.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body className="min-h-dvh antialiased">
        <NextIntlClientProvider>
          <AppProviders>{children}</AppProviders>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
