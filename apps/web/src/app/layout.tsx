import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppShell } from '~/components/AppShell';
import { TrpcProvider } from '~/trpc/TrpcProvider';
import './globals.css';

export const metadata: Metadata = {
  title: 'RRNet',
  description: 'Multi-tenant ISP management',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="id">
      <body>
        <TrpcProvider>
          <AppShell>{children}</AppShell>
        </TrpcProvider>
      </body>
    </html>
  );
}
