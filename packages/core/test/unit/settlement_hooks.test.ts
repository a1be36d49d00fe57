import { describe, expect, it } from 'vitest';
import type { TenantTx } from '@rrnet/db';
import { announceSettlement, onSettlement, settlementListeners } from '../../src/billing/settlement_hooks';
import type { SettlementEvent } from '../../src/billing/settlement_hooks';
import type { NetworkServices } from '../../src/network/services';

// the dispatcher only passes these through; no database is touched here
const tx = { marker: 'tx' } as unknown as TenantTx;
const services = { marker: 'services' } as unknown as NetworkServices;
const marker = (v: unknown) => (v as { marker: string }).marker;

// in declaration order: the dispatcher on its own first, then isolir's module registering its restore
describe('settlement hooks', () => {
  it('hands each announcement to every listener in order, in the caller’s transaction; a name registered again replaces, never doubles', async () => {
    expect(settlementListeners()).toEqual([]);
    const seen: string[] = [];
    const event: SettlementEvent = { tenantId: 't1', customerId: 'c1', cause: 'payment' };
    const stopFirst = onSettlement('test.first', async (t, s, e) => void seen.push(`first:${marker(t)}:${marker(s)}:${e.customerId}`));
    const stopOldSecond = onSettlement('test.second', async (_t, _s, e) => void seen.push(`second:${e.cause}`));
    const stopSecond = onSettlement('test.second', async (_t, _s, e) => void seen.push(`second again:${e.cause}`));
    expect(settlementListeners()).toEqual(['test.first', 'test.second']);
    await announceSettlement(tx, services, event);
    expect(seen).toEqual(['first:tx:services:c1', 'second again:payment']);
    // the replaced handler's stop does not remove its replacement
    stopOldSecond();
    expect(settlementListeners()).toEqual(['test.first', 'test.second']);
    stopFirst();
    stopSecond();
    expect(settlementListeners()).toEqual([]);
    await announceSettlement(tx, services, event);
    expect(seen).toHaveLength(2);
  });

  it('isolir listens as soon as its module is loaded, once however often it registers', async () => {
    const isolir = await import('../../src/isolir/isolir');
    expect(settlementListeners()).toEqual(['isolir.restore']);
    isolir.registerIsolirHooks();
    expect(settlementListeners()).toEqual(['isolir.restore']);
  });
});
