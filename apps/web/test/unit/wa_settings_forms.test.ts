import { describe, expect, it } from 'vitest';
import { waSettingsInput } from '@rrnet/contracts';
import type { WaSettings } from '@rrnet/contracts';
import {
  EMPTY_GATEWAY_VALUES,
  parseDayList,
  waGatewayChange,
  waGatewayErrors,
  waGatewayForm,
  waRulesChanges,
  waRulesErrors,
  waRulesForm,
  waRulesValues,
} from '../../src/lib/wa_settings_forms';

const settings = {
  gateway: 'cloud',
  gateway_configured: true,
  fallback: 'fonnte',
  uses_platform_default: false,
  sender: '+6281234567890',
  quiet_hours: { start: '21:00', end: '07:00' },
  reminder_days: [3, 0],
  overdue_days: [1],
  language: 'id',
  quota_exceeded_at: null,
  usage: { used: 0, max: 1000 },
  webhook_paths: { cloud: '/c', fonnte: '/f' },
} as WaSettings;

describe('the WhatsApp sending rules form', () => {
  it('shows the stored rules as typed', () => {
    expect(waRulesValues(settings)).toEqual({ sender: '+6281234567890', language: 'id', quiet_start: '21:00', quiet_end: '07:00', reminder_days: '3, 0', overdue_days: '1' });
    expect(waRulesValues({ ...settings, sender: null, quiet_hours: null, overdue_days: [] })).toMatchObject({ sender: '', quiet_start: '', quiet_end: '', overdue_days: '' });
  });

  it('reads a typed list of days in any separator; a part that is not a whole number is refused on the field', () => {
    expect(parseDayList('7, 3 ,0')).toEqual([7, 3, 0]);
    expect(parseDayList('5;2 1')).toEqual([5, 2, 1]);
    expect(parseDayList('  ')).toEqual([]);
    const bad = waRulesForm.safeParse({ ...waRulesValues(settings), reminder_days: '3, x', overdue_days: '0' });
    expect(bad.success).toBe(false);
    // on the field itself (an input shows `reminder_days`, not `reminder_days.1`)
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['overdue_days', 'reminder_days']);
    expect(waRulesForm.safeParse({ ...waRulesValues(settings), reminder_days: '1, 2, 3, 4, 5, 6' }).error?.issues.map((i) => i.path.join('.'))).toEqual(['reminder_days']);
  });

  it('sends only what changed, in the API shape: a local number as E.164, blank quiet hours as none', () => {
    const parsed = waRulesForm.parse({ ...waRulesValues(settings), sender: '0812 7700 4321', quiet_start: '', quiet_end: '', reminder_days: '5, 1' });
    const changes = waRulesChanges(settings, parsed);
    expect(changes).toEqual({ sender: '+6281277004321', quiet_hours: null, reminder_days: [5, 1] });
    expect(waSettingsInput.safeParse(changes).success).toBe(true);
    expect(waRulesChanges(settings, waRulesForm.parse(waRulesValues(settings)))).toEqual({});
    expect(waRulesChanges({ ...settings, quiet_hours: null }, waRulesForm.parse({ ...waRulesValues(settings), quiet_start: '22:30', quiet_end: '06:00' }))).toEqual({ quiet_hours: { start: '22:30', end: '06:00' } });
  });

  it('refuses one quiet time without the other, a time that is not HH:MM, and a number that is not a mobile', () => {
    const half = waRulesForm.safeParse({ ...waRulesValues(settings), quiet_start: '21:00', quiet_end: '' });
    expect(half.error?.issues.map((i) => i.path[0])).toEqual(['quiet_end']);
    // shown together with the other fields' mistakes
    const both = waRulesForm.safeParse({ ...waRulesValues(settings), quiet_start: '21:00', quiet_end: '', reminder_days: '5, x' });
    expect(both.error?.issues.map((i) => i.path[0]).sort()).toEqual(['quiet_end', 'reminder_days']);
    const wrong = waRulesForm.safeParse({ ...waRulesValues(settings), quiet_start: '25:00', sender: '12' });
    expect(wrong.error?.issues.map((i) => i.path[0]).sort()).toEqual(['quiet_start', 'sender']);
  });

  it("puts the server's messages on the fields", () => {
    expect(waRulesErrors({ 'quiet_hours.start': 'a', 'quiet_hours.end': 'b', 'reminder_days.0': 'c', sender: 'd' })).toEqual({ quiet_start: 'a', quiet_end: 'b', reminder_days: 'c', sender: 'd' });
  });
});

describe('the gateway credentials form', () => {
  it("checks only the chosen kind's credentials with the contracts' rules", () => {
    const cloud = waGatewayForm.safeParse({ ...EMPTY_GATEWAY_VALUES, kind: 'cloud', phone_number_id: '900000001', access_token: 'short', app_secret: 'app-secret-123', verify_token: '' });
    expect(cloud.error?.issues.map((i) => i.path[0]).sort()).toEqual(['access_token', 'verify_token']);
    // the fonnte fields are blank and not checked for a cloud gateway, nor anything for "none"
    expect(waGatewayForm.safeParse({ ...EMPTY_GATEWAY_VALUES, kind: 'none' }).success).toBe(true);
    const fonnte = waGatewayForm.safeParse({ ...EMPTY_GATEWAY_VALUES, slot: 'fallback', kind: 'fonnte', token: 'tok-123456', webhook_secret: 'too-short' });
    expect(fonnte.error?.issues.map((i) => i.path[0])).toEqual(['webhook_secret']);
  });

  it('sends the whole gateway for the chosen slot, trimmed, or null for none', () => {
    const cloud = waGatewayForm.parse({ ...EMPTY_GATEWAY_VALUES, kind: 'cloud', phone_number_id: ' 900000001 ', access_token: 'token-abcdef', app_secret: 'app-secret-123', verify_token: 'verify-123' });
    const change = waGatewayChange(cloud);
    expect(change).toEqual({ gateway: { kind: 'cloud', credentials: { phone_number_id: '900000001', access_token: 'token-abcdef', app_secret: 'app-secret-123', verify_token: 'verify-123' } } });
    expect(waSettingsInput.safeParse(change).success).toBe(true);
    const fallback = waGatewayChange(waGatewayForm.parse({ ...EMPTY_GATEWAY_VALUES, slot: 'fallback', kind: 'fonnte', token: 'tok-123456', webhook_secret: 'webhook-secret-0123' }));
    expect(fallback).toEqual({ fallback: { kind: 'fonnte', credentials: { token: 'tok-123456', webhook_secret: 'webhook-secret-0123' } } });
    expect(waSettingsInput.safeParse(fallback).success).toBe(true);
    expect(waGatewayChange(waGatewayForm.parse({ ...EMPTY_GATEWAY_VALUES, slot: 'fallback', kind: 'none' }))).toEqual({ fallback: null });
    expect(waGatewayChange(waGatewayForm.parse({ ...EMPTY_GATEWAY_VALUES, kind: 'none' }))).toEqual({ gateway: null });
  });

  it("puts the server's messages on the credential fields", () => {
    expect(waGatewayErrors({ 'gateway.credentials.token': 'a', 'fallback.credentials.app_secret': 'b', gateway: 'c' })).toEqual({ token: 'a', app_secret: 'b', kind: 'c' });
  });
});
