import { StreamableFile } from '@nestjs/common';
import { Workbook } from 'exceljs';
import { csvField, CSV_TYPE, XLSX_TYPE } from '../evaluation/ranking-export';
import type { DashboardTableName, DashboardTables } from '@app/application';

type Cell = string | number | null;

interface Column {
  key: string;
  header: string;
  /** Minor units as a decimal string: a numeric cell in XLSX. */
  money?: boolean;
}

const SCOPE: Column[] = [
  { key: 'callId', header: 'Call id' },
  { key: 'callTitle', header: 'Call' },
];

/** The columns of each table, in order; the programme view adds the call columns where its rows carry them. */
const COLUMNS: Record<DashboardTableName, Column[]> = {
  budget: [
    { key: 'regionCode', header: 'Region' },
    { key: 'currency', header: 'Currency' },
    { key: 'committed', header: 'Committed (minor units)', money: true },
    { key: 'allocated', header: 'Allocated (minor units)', money: true },
    { key: 'released', header: 'Released (minor units)', money: true },
    { key: 'paid', header: 'Paid (minor units)', money: true },
  ],
  funnel: [
    { key: 'group', header: 'Group' },
    { key: 'submitted', header: 'Submitted' },
    { key: 'eligible', header: 'Eligible' },
    { key: 'aboveThreshold', header: 'Above threshold' },
    { key: 'funded', header: 'Funded' },
  ],
  punctuality: [
    { key: 'group', header: 'Group' },
    { key: 'onTime', header: 'On time' },
    { key: 'late', header: 'Late' },
    { key: 'overdue', header: 'Overdue' },
    { key: 'inGrace', header: 'In grace' },
    { key: 'notDue', header: 'Not yet due' },
    { key: 'total', header: 'Milestones' },
  ],
  kpis: [
    { key: 'grouping', header: 'Grouping' },
    { key: 'group', header: 'Group' },
    { key: 'code', header: 'Indicator' },
    { key: 'name', header: 'Name' },
    { key: 'unit', header: 'Unit' },
    { key: 'aggregation', header: 'Aggregation' },
    { key: 'target', header: 'Target' },
    { key: 'targetProjects', header: 'Projects with a target' },
    { key: 'actual', header: 'Actual' },
    { key: 'actualProjects', header: 'Projects with an actual' },
  ],
  activities: [
    { key: 'activityCode', header: 'Transformative activity' },
    { key: 'title', header: 'Title' },
    { key: 'sharedByRegions', header: 'Regions that share it' },
    { key: 'currency', header: 'Currency' },
    { key: 'allocated', header: 'Allocated (minor units)', money: true },
    { key: 'paid', header: 'Paid (minor units)', money: true },
    { key: 'projects', header: 'Projects' },
  ],
};

const SHEET_NAMES: Record<DashboardTableName, string> = {
  budget: 'Budget',
  funnel: 'Funnel',
  punctuality: 'Punctuality',
  kpis: 'KPIs',
  activities: 'Activities',
};

export interface ExportTable {
  header: string[];
  rows: Cell[][];
  /** Which columns hold money as decimal strings. */
  money: boolean[];
}

/** Header and typed cells of one dashboard table; lists become space-separated text, absent values empty cells. */
export function exportTable(name: DashboardTableName, rows: DashboardTables[DashboardTableName]): ExportTable {
  const objects = rows as unknown as Array<Record<string, unknown>>;
  const columns = [...(objects.some((r) => 'callId' in r) ? SCOPE : []), ...COLUMNS[name]];
  return {
    header: columns.map((c) => c.header),
    money: columns.map((c) => c.money === true),
    rows: objects.map((r) =>
      columns.map((c): Cell => {
        const v = r[c.key];
        if (v === null || v === undefined) return null;
        if (Array.isArray(v)) return v.join(' ');
        return typeof v === 'number' ? v : String(v);
      }),
    ),
  };
}

/** RFC 4180 (CRLF, a header row, UTF-8), every field through the ranking export's formula-safe `csvField`. */
export function dashboardCsv(table: ExportTable): string {
  return [table.header, ...table.rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** A money cell: a number when exactly representable (XLSX cells are doubles), else the decimal text. */
function xlsxCell(value: Cell, money: boolean): Cell {
  if (!money || typeof value !== 'string') return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

/** One sheet, a bold frozen header row, numbers (and money that fits) as numeric cells. */
export async function dashboardXlsx(name: DashboardTableName, table: ExportTable): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'ACIE Joint Call Engine';
  addSheet(workbook, name, table);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addSheet(workbook: Workbook, name: DashboardTableName, table: ExportTable): void {
  const sheet = workbook.addWorksheet(SHEET_NAMES[name], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(table.header).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((cell, i) => xlsxCell(cell, table.money[i])));
  sheet.columns.forEach((column, i) => {
    column.width = Math.min(60, Math.max(10, table.header[i].length + 2));
  });
}

/** The download for a negotiated CSV or XLSX type. */
export async function dashboardFile(
  name: DashboardTableName,
  rows: DashboardTables[DashboardTableName],
  format: typeof CSV_TYPE | typeof XLSX_TYPE,
  filename: string,
): Promise<StreamableFile> {
  const table = exportTable(name, rows);
  if (format === CSV_TYPE) {
    return new StreamableFile(Buffer.from(dashboardCsv(table), 'utf8'), {
      type: 'text/csv; charset=utf-8; header=present',
      disposition: `attachment; filename="${filename}.csv"`,
    });
  }
  return new StreamableFile(await dashboardXlsx(name, table), {
    type: XLSX_TYPE,
    disposition: `attachment; filename="${filename}.xlsx"`,
  });
}

/** The whole dashboard as one workbook, a sheet per table. */
export async function dashboardWorkbook(tables: DashboardTables): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'ACIE Joint Call Engine';
  for (const name of Object.keys(SHEET_NAMES) as DashboardTableName[])
    addSheet(workbook, name, exportTable(name, tables[name]));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
