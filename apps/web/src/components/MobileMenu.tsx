'use client';
/**
 * The navigation drawer behind the menu button on phones. AppShell loads it on the first
 * tap of the button, so pages opened at desktop width (the sidebar) don't download the
 * dialog primitives.
 */
import type { ReactNode } from 'react';
import { Dialog, DialogContent, DialogTitle } from '@rrnet/ui/Dialog';

export default function MobileMenu({
  open,
  onOpenChange,
  title,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children: ReactNode;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="inset-y-0 right-auto left-0 max-h-none w-[18rem] overflow-y-auto rounded-none border-0 bg-sidebar p-4 pt-5 text-sidebar-foreground sm:top-0 sm:left-0 sm:w-[18rem] sm:translate-x-0 sm:translate-y-0 sm:rounded-none [&>button]:text-sidebar-foreground">
        <DialogTitle className="sr-only">{title}</DialogTitle>
        {children}
      </DialogContent>
    </Dialog>
  );
}
