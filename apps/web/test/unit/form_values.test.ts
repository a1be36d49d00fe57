import { describe, expect, it } from 'vitest';
import { latLngSchema } from '@rrnet/contracts';
import { blankToNull, formatSpeed, locationText, mbpsToKbps, parseNumber, toLocation } from '~/lib/form_values';

describe('blankToNull', () => {
  it('is null for empty or whitespace-only text and the trimmed text otherwise', () => {
    expect(blankToNull('')).toBeNull();
    expect(blankToNull(' \t\n ')).toBeNull();
    expect(blankToNull('  Jl. Mawar 5 ')).toBe('Jl. Mawar 5');
    expect(blankToNull('0')).toBe('0');
  });
});

describe('parseNumber', () => {
  it('is null for a blank field', () => {
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('   ')).toBeNull();
  });

  it('reads a decimal point or the decimal comma of Indonesian keyboards', () => {
    expect(parseNumber('-6.225')).toBe(-6.225);
    expect(parseNumber(' -6,225 ')).toBe(-6.225);
    expect(parseNumber('106,9004')).toBe(106.9004);
    expect(parseNumber('28')).toBe(28);
    expect(parseNumber('0')).toBe(0);
  });

  it('turns garbage into NaN rather than guessing (thousands groups included)', () => {
    expect(parseNumber('abc')).toBeNaN();
    expect(parseNumber('1.234,5')).toBeNaN();
    expect(parseNumber('6,2,1')).toBeNaN();
    expect(parseNumber('5 hari')).toBeNaN();
  });
});

describe('toLocation', () => {
  it('is null when both coordinates are blank: no position', () => {
    expect(toLocation('', '')).toBeNull();
    expect(toLocation('  ', ' ')).toBeNull();
  });

  it('parses both coordinates, decimal commas included', () => {
    expect(toLocation('-6,2251', '106.9004')).toEqual({ lat: -6.2251, lng: 106.9004 });
  });

  it('puts NaN in the blank coordinate of a half-filled pair, so the API names that field', () => {
    const onlyLat = toLocation('-6.2251', '');
    expect(onlyLat!.lat).toBe(-6.2251);
    expect(onlyLat!.lng).toBeNaN();
    const parsed = latLngSchema.safeParse(onlyLat);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path)).toEqual([['lng']]);

    const onlyLng = toLocation(' ', '106.9');
    expect(onlyLng!.lat).toBeNaN();
    expect(latLngSchema.safeParse(onlyLng).error!.issues.map((i) => i.path)).toEqual([['lat']]);
  });

  it('leaves out-of-range values for the schema to refuse', () => {
    expect(toLocation('91', '0')).toEqual({ lat: 91, lng: 0 });
    expect(latLngSchema.safeParse(toLocation('91', '0')).success).toBe(false);
  });
});

describe('locationText', () => {
  it('is two blanks for no location and the coordinates as text otherwise', () => {
    expect(locationText(null)).toEqual({ lat: '', lng: '' });
    expect(locationText({ lat: -6.2251, lng: 106.9004 })).toEqual({ lat: '-6.2251', lng: '106.9004' });
  });

  it('round-trips through toLocation without losing precision', () => {
    for (const location of [{ lat: -6.200000123, lng: 106.816666 }, { lat: 0, lng: 0 }, { lat: -90, lng: 180 }]) {
      const text = locationText(location);
      expect(toLocation(text.lat, text.lng)).toEqual(location);
    }
    expect(toLocation(locationText(null).lat, locationText(null).lng)).toBeNull();
  });
});

describe('formatSpeed', () => {
  it('keeps speeds under 1 Mbps in kbps', () => {
    expect(formatSpeed(512, 'id')).toBe('512 kbps');
    expect(formatSpeed(999, 'en')).toBe('999 kbps');
    expect(formatSpeed(0, 'en')).toBe('0 kbps');
  });

  it('shows Mbps from 1000 kbps up, with the locale’s decimal mark and at most two decimals', () => {
    expect(formatSpeed(1000, 'id')).toBe('1 Mbps');
    expect(formatSpeed(10_000, 'id')).toBe('10 Mbps');
    expect(formatSpeed(1500, 'id')).toBe('1,5 Mbps');
    expect(formatSpeed(1500, 'en')).toBe('1.5 Mbps');
    expect(formatSpeed(1234, 'en')).toBe('1.23 Mbps');
    expect(formatSpeed(1_000_000, 'id')).toBe('1.000 Mbps');
  });
});

describe('mbpsToKbps', () => {
  it('converts the Mbps a plan form holds to whole kbps', () => {
    expect(mbpsToKbps('10')).toBe(10_000);
    expect(mbpsToKbps('1,5')).toBe(1500);
    expect(mbpsToKbps('0.512')).toBe(512);
    // float error (0.1 * 1000 = 100.00000000000001) is rounded away
    expect(mbpsToKbps('0,1')).toBe(100);
    expect(Number.isInteger(mbpsToKbps('2.3333'))).toBe(true);
  });

  it('is NaN for a blank or garbled field (the API reports it)', () => {
    expect(mbpsToKbps('')).toBeNaN();
    expect(mbpsToKbps('sepuluh')).toBeNaN();
  });
});
