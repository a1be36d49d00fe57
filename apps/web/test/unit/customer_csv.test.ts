import { describe, expect, it } from 'vitest';
import { IMPORT_COLUMNS, IMPORT_REQUIRED_COLUMNS } from '@rrnet/contracts';
import { IMPORT_TEMPLATE_FILE_NAME, csvLine, importTemplateCsv } from '~/lib/customer_csv';

const EXAMPLE = { plan: 'Rumahan 10 Mbps', router: 'MikroTik Pusat', odp: 'ODP-01' };

describe('csvLine', () => {
  it('leaves plain values bare', () => {
    expect(csvLine(['Budi Santoso', '0812 3456 7890', '', '-6.2251'])).toBe('Budi Santoso,0812 3456 7890,,-6.2251');
  });

  it('quotes values holding a delimiter, a quote or a line break, doubling inner quotes', () => {
    expect(csvLine(['Jl. Mawar No. 5, Bekasi'])).toBe('"Jl. Mawar No. 5, Bekasi"');
    expect(csvLine(['Warung "Bu Sri"'])).toBe('"Warung ""Bu Sri"""');
    expect(csvLine(['Blok A\nNo. 3', 'x\r\ny'])).toBe('"Blok A\nNo. 3","x\r\ny"');
  });

  it('quotes a semicolon too: the importer also splits on it (Excel with an Indonesian locale saves CSV that way)', () => {
    expect(csvLine(['Paket Hemat; 10 Mbps', 'R1'])).toBe('"Paket Hemat; 10 Mbps",R1');
  });

  it('is empty for no values', () => {
    expect(csvLine([])).toBe('');
  });
});

describe('importTemplateCsv', () => {
  it('is the header of every import column and one example row, CRLF-terminated', () => {
    const csv = importTemplateCsv(EXAMPLE);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[0]!.split(',')).toEqual([...IMPORT_COLUMNS]);
    for (const column of IMPORT_REQUIRED_COLUMNS) expect(lines[0]!.split(',')).toContain(column);
    expect(IMPORT_TEMPLATE_FILE_NAME).toMatch(/\.csv$/);
  });

  it('puts the tenant’s plan, router and ODP in their columns and leaves the generated ones blank', () => {
    const row = importTemplateCsv(EXAMPLE).split('\r\n')[1]!;
    // the example address is the one quoted cell (it holds a comma): stand it in before splitting
    const address = '"Jl. Pulo Gebang No. 12, Jakarta Timur"';
    expect(row).toContain(address);
    const cells = row.replace(address, 'ADDRESS').split(',');
    expect(cells).toHaveLength(IMPORT_COLUMNS.length);
    const byColumn = Object.fromEntries(IMPORT_COLUMNS.map((c, i) => [c, cells[i]]));
    expect(byColumn).toMatchObject({
      code: '',
      name: 'Budi Santoso',
      phone: '0812 3456 7890',
      address: 'ADDRESS',
      national_id: '',
      plan: 'Rumahan 10 Mbps',
      router: 'MikroTik Pusat',
      odp: 'ODP-01',
      pppoe_username: '',
      billing_day: '5',
      lat: '-6.2251',
      lng: '106.9004',
    });
  });

  it('keeps a tenant’s names with commas, quotes or semicolons in one cell', () => {
    const row = importTemplateCsv({ plan: 'Paket "Hemat", 10 Mbps', router: 'Router; Pusat', odp: '' }).split('\r\n')[1]!;
    expect(row).toContain(',"Paket ""Hemat"", 10 Mbps","Router; Pusat",,');
  });
});
