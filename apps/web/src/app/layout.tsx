import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { LocaleSync } from '~/components/LocaleSync';
import { TrpcProvider } from '~/trpc/TrpcProvider';
import './globals.css';

export const metadata: Metadata = {
  title: 'RRNet',
  description: 'Multi-tenant ISP management',
};

/** The root: html, body and the client providers. Signed-in pages live in (app)/. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="id">
      <body>
        <LocaleSync />
        <TrpcProvider>{children}</TrpcProvider>
      </body>
    </html>
  );
}
