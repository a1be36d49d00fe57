/** The customer import file: a template with the importer's columns and one example row. */
import { IMPORT_COLUMNS } from '@rrnet/contracts';

type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export const IMPORT_TEMPLATE_FILE_NAME = 'rrnet-pelanggan-template.csv';

/** Quoted when it holds a quote, a line break or a delimiter the importer splits on (`,` and `;`). */
function csvCell(value: string): string {
  return /[",;\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvCell).join(',');
}

/** Header row plus an example customer (code and PPPoE username blank: generated). */
export function importTemplateCsv(example: { plan: string; router: string; odp: string }): string {
  const row: Record<ImportColumn, string> = {
    code: '',
    name: 'Budi Santoso',
    phone: '0812 3456 7890',
    email: 'budi@example.com',
    address: 'Jl. Pulo Gebang No. 12, Jakarta Timur',
    national_id: '',
    plan: example.plan,
    router: example.router,
    odp: example.odp,
    pppoe_username: '',
    billing_day: '5',
    lat: '-6.2251',
    lng: '106.9004',
  };
  return `${csvLine(IMPORT_COLUMNS)}\r\n${csvLine(IMPORT_COLUMNS.map((c) => row[c]))}\r\n`;
}
