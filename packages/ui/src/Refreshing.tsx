'use client';
/** "Loading…" beside a card's title while what it shows is asked again (`action={list.isFetching && <Refreshing />}`). */
import { useUi } from './UiProvider';

export function Refreshing() {
  const { text } = useUi();
  return (
    <span data-slot="refreshing" className="text-sm text-muted-foreground">
      {text.loading}
    </span>
  );
}
