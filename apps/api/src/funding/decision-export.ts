import { NotAcceptableException, StreamableFile } from '@nestjs/common';
import { Workbook } from 'exceljs';
import type { CallRecord, CommitmentRecord, DecisionEntryView, FundingDecisionRecord } from '@app/persistence';
import { CSV_TYPE, csvField, JSON_TYPE, negotiate, XLSX_TYPE } from '../evaluation/ranking-export';

export const DECISION_MEDIA_TYPES = [JSON_TYPE, CSV_TYPE, XLSX_TYPE] as const;
export type DecisionTableName = 'proposals' | 'regions';

type Cell = string | number | null;

interface Table {
  header: string[];
  rows: Cell[][];
}

interface RegionAmount {
  regionCode: string;
  currency: string;
  amount: number;
}

interface Shortfall {
  regionCode: string;
  currency: string;
  requested: number;
  available: number;
  shortfall: number;
}

/** One decision entry as the export reads it; `amounts` keeps the regional sums only — never the partners' parts. */
export interface DecisionExportEntry {
  rank: number;
  acronym: string;
  title: string;
  outcome: string;
  reasons: string[];
  shortfalls: Shortfall[];
  requestedEur: number;
  amounts: RegionAmount[];
}

export interface DecisionExportData {
  callId: string;
  decisionId: string;
  revision: number;
  status: string;
  flexibilityUsable: boolean;
  entries: DecisionExportEntry[];
  commitments: Array<
    Pick<
      CommitmentRecord,
      'regionCode' | 'agencyName' | 'currency' | 'amount' | 'flexibility' | 'proposedTotal' | 'allocatedTotal'
    >
  >;
}

/**
 * The current decision (its latest revision, as `GET /calls/{id}/funding-decision` shows it) with the
 * proposals' titles and the confirmed commitments' ledger totals. Partner-level amounts are dropped
 * here, at the source: an agency officer downloads the same file as the programme manager (SPEC §2 —
 * each proposal's requested funding per region, never another region's partner budgets).
 */
export function decisionExportData(
  call: CallRecord,
  commitments: CommitmentRecord[],
  decision: FundingDecisionRecord,
  rows: DecisionEntryView[],
): DecisionExportData {
  return {
    callId: call.id,
    decisionId: decision.id,
    revision: decision.revision,
    status: decision.status,
    flexibilityUsable: call.configuration.flexibilityAllowed === true,
    entries: rows.map((r) => ({
      rank: r.rank,
      acronym: r.acronym,
      title: r.title,
      outcome: r.outcome,
      reasons: Array.isArray(r.reasons?.reasons) ? r.reasons.reasons : [],
      shortfalls: Array.isArray(r.reasons?.shortfalls) ? r.reasons.shortfalls : [],
      requestedEur: r.requestedEur,
      amounts: (r.amounts ?? []).map((a) => ({
        regionCode: a.regionCode,
        currency: a.currency,
        amount: Number(a.amount),
      })),
    })),
    commitments: commitments
      .filter((c) => c.status === 'CONFIRMED')
      .map((c) => ({
        regionCode: c.regionCode,
        agencyName: c.agencyName,
        currency: c.currency,
        amount: Number(c.amount),
        flexibility: Number(c.flexibility),
        proposedTotal: Number(c.proposedTotal),
        allocatedTotal: Number(c.allocatedTotal),
      })),
  };
}

function shortfallText(s: Shortfall): string {
  return `${s.regionCode} short by ${s.shortfall} ${s.currency} (requested ${s.requested}, available ${s.available})`;
}

/**
 * The regions of the decision, in code order, with their currency: the commitments', then any only the entries name.
 */
function regionColumns(data: DecisionExportData): Array<{ regionCode: string; currency: string }> {
  const regions = new Map<string, string>();
  for (const c of data.commitments) regions.set(c.regionCode, c.currency);
  for (const e of data.entries)
    for (const a of e.amounts) if (!regions.has(a.regionCode)) regions.set(a.regionCode, a.currency);
  return [...regions.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([regionCode, currency]) => ({ regionCode, currency }));
}

/**
 * One row per ranked proposal: outcome, reasons, shortfalls, the EUR reference and the request per region (minor
 * units).
 */
export function proposalsTable(data: DecisionExportData): Table {
  const regions = regionColumns(data);
  const header = [
    'Rank',
    'Acronym',
    'Title',
    'Outcome',
    'Reasons',
    'Shortfalls',
    'Requested EUR (minor units)',
    ...regions.map((r) => `${r.regionCode} (${r.currency} minor units)`),
  ];
  const rows = data.entries.map((e): Cell[] => {
    const amount = new Map(e.amounts.map((a) => [a.regionCode, a.amount]));
    return [
      e.rank,
      e.acronym,
      e.title,
      e.outcome,
      e.reasons.length > 0 ? e.reasons.join('; ') : null,
      e.shortfalls.length > 0 ? e.shortfalls.map(shortfallText).join('; ') : null,
      e.requestedEur,
      ...regions.map((r) => amount.get(r.regionCode) ?? 0),
    ];
  });
  return { header, rows };
}

/**
 * One row per confirmed commitment: the ledger's totals now (proposed: held by a decision awaiting
 * approval; allocated: approved), what this decision selects in the region, and what remains
 * (commitment + usable flexibility − proposed − allocated).
 */
export function regionsTable(data: DecisionExportData): Table {
  const selected = new Map<string, number>();
  for (const e of data.entries) {
    if (e.outcome !== 'SELECTED') continue;
    for (const a of e.amounts) selected.set(a.regionCode, (selected.get(a.regionCode) ?? 0) + a.amount);
  }
  const header = [
    'Region',
    'Agency',
    'Currency',
    'Commitment',
    'Flexibility',
    'Proposed',
    'Allocated',
    'Selected in this decision',
    'Remaining',
  ];
  const rows = data.commitments.map((c): Cell[] => [
    c.regionCode,
    c.agencyName,
    c.currency,
    c.amount,
    c.flexibility,
    c.proposedTotal,
    c.allocatedTotal,
    selected.get(c.regionCode) ?? 0,
    c.amount + (data.flexibilityUsable ? c.flexibility : 0) - c.proposedTotal - c.allocatedTotal,
  ]);
  return { header, rows };
}

/** RFC 4180: CRLF line breaks, a header row, UTF-8; fields through the ranking export's `csvField` (formula-safe). */
export function tableCsv(table: Table): string {
  return [table.header, ...table.rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** An XLSX workbook with two sheets, "Proposals" and "Regions": bold frozen header rows, numbers as numeric cells. */
export async function decisionXlsx(data: DecisionExportData): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'ACIE Joint Call Engine';
  for (const [name, table] of [
    ['Proposals', proposalsTable(data)],
    ['Regions', regionsTable(data)],
  ] as const) {
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(table.header).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row);
    sheet.columns.forEach((column, i) => {
      column.width = Math.min(60, Math.max(10, table.header[i].length + 2));
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The download branch of `GET /calls/{id}/funding-decision`, for a caller the controller has already
 * admitted: a CSV (one table: `proposals` by default, `regions` on request) or an XLSX file (both tables
 * as sheets) when `Accept` prefers one; null when JSON wins (the controller answers with its view);
 * 406 when nothing offered is acceptable.
 */
export async function exportDecision(
  load: () => Promise<DecisionExportData>,
  callId: string,
  accept: string | undefined,
  table: DecisionTableName | undefined,
): Promise<StreamableFile | null> {
  const format = negotiate(accept, DECISION_MEDIA_TYPES);
  if (!format)
    throw new NotAcceptableException(`The funding decision is available as ${DECISION_MEDIA_TYPES.join(', ')}.`);
  if (format === JSON_TYPE) return null;
  const data = await load();
  const filename = `funding-decision-${callId}-r${data.revision}`;
  if (format === CSV_TYPE) {
    const which = table ?? 'proposals';
    const csv = tableCsv(which === 'regions' ? regionsTable(data) : proposalsTable(data));
    return new StreamableFile(Buffer.from(csv, 'utf8'), {
      type: 'text/csv; charset=utf-8; header=present',
      disposition: `attachment; filename="${filename}-${which}.csv"`,
    });
  }
  return new StreamableFile(await decisionXlsx(data), {
    type: XLSX_TYPE,
    disposition: `attachment; filename="${filename}.xlsx"`,
  });
}
