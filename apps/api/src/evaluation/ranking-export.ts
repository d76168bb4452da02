import { Workbook } from 'exceljs';
import type { ThresholdReason, TieBreak } from '@app/domain';
import type { CallRanking, CallRankingEntry } from '@app/persistence';

export const JSON_TYPE = 'application/json';
export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const RANKING_MEDIA_TYPES = [JSON_TYPE, CSV_TYPE, XLSX_TYPE] as const;
export type RankingMediaType = (typeof RANKING_MEDIA_TYPES)[number];

/**
 * HTTP content negotiation (RFC 9110 §12.5.1) over the offered types: the offered type with the
 * highest quality wins, the most specific matching range deciding a type's quality (`text/csv` over
 * `text/*` over `*\/*`); ties go to the order of `offered`. No header means the first offered type;
 * null when nothing offered is acceptable (every match has q=0).
 */
export function negotiate<T extends string>(accept: string | undefined, offered: readonly T[]): T | null {
  if (!accept || accept.trim() === '') return offered[0];
  const ranges = accept
    .split(',')
    .map((part) => {
      const [range, ...params] = part.split(';').map((s) => s.trim());
      const qParam = params.find((p) => /^q=/i.test(p));
      const q = qParam ? Number(qParam.slice(2)) : 1;
      return { range: range.toLowerCase(), q: Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0 };
    })
    .filter((r) => r.range.length > 0);
  let best: { type: T; q: number } | null = null;
  for (const type of offered) {
    const [major] = type.split('/');
    const match =
      ranges.find((r) => r.range === type) ??
      ranges.find((r) => r.range === `${major}/*`) ??
      ranges.find((r) => r.range === '*/*');
    if (match && match.q > 0 && (!best || match.q > best.q)) best = { type, q: match.q };
  }
  return best?.type ?? null;
}

export function reasonText(reason: ThresholdReason): string {
  return reason.code === 'CRITERION_BELOW_THRESHOLD'
    ? `${reason.criterion} ${reason.score} below threshold ${reason.threshold}`
    : `sum ${reason.sum} below overall threshold ${reason.threshold}`;
}

export function separationText(separation: { decidedBy: TieBreak; criterion?: string } | null): string {
  if (!separation) return '';
  return separation.criterion ? `${separation.decidedBy} (${separation.criterion})` : separation.decidedBy;
}

type Cell = string | number | null;

/** Header and rows of the export, one row per proposal, one column per criterion; cells typed. */
export function rankingTable(ranking: CallRanking): { header: string[]; rows: Cell[][] } {
  const criteria = ranking.criteria.map((c) => c.name);
  const regions = new Map<string, string>();
  for (const e of ranking.entries) for (const r of e.requestedFunding) regions.set(r.regionCode, r.currency);
  const regionCodes = [...regions.keys()].sort();
  const reviewers = Math.max(0, ...ranking.entries.map((e) => e.reviewerScores.length));
  const header = [
    'Rank',
    'Acronym',
    'Title',
    'State',
    'Outcome',
    'Reasons',
    'Weighted total',
    'Unweighted sum',
    ...criteria,
    'SME share (%)',
    ...regionCodes.map((code) => `Requested ${code} (${regions.get(code)} minor units)`),
    'Separated from the one above by',
    ...Array.from({ length: reviewers }, (_, i) => criteria.map((c) => `Reviewer ${i + 1}: ${c}`)).flat(),
  ];
  const rows = ranking.entries.map((e: CallRankingEntry): Cell[] => {
    const funding = new Map(e.requestedFunding.map((r) => [r.regionCode, r.amount]));
    return [
      e.rank,
      e.acronym,
      e.title,
      e.state,
      e.outcome,
      e.reasons.length > 0 ? e.reasons.map(reasonText).join('; ') : null,
      Number(e.weightedTotal),
      e.unweightedSum,
      ...criteria.map((c) => e.scores.find((s) => s.criterion === c)?.score ?? null),
      e.smeShareBps / 100,
      ...regionCodes.map((code) => funding.get(code) ?? 0),
      e.separatedFromAbove ? separationText(e.separatedFromAbove) : null,
      ...Array.from({ length: reviewers }, (_, i) =>
        criteria.map((c) => e.reviewerScores[i]?.scores.find((s) => s.criterion === c)?.score ?? null),
      ).flat(),
    ];
  });
  return { header, rows };
}

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled). Text that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading apostrophe:
 * acronyms and titles come from applicants and the export circulates (OWASP "CSV injection").
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180: CRLF line breaks, a header row, UTF-8. */
export function rankingCsv(ranking: CallRanking): string {
  const { header, rows } = rankingTable(ranking);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** An XLSX workbook with one sheet: a bold, frozen header row and numbers as numeric cells. */
export async function rankingXlsx(ranking: CallRanking): Promise<Buffer> {
  const { header, rows } = rankingTable(ranking);
  const workbook = new Workbook();
  workbook.creator = 'ACIE Joint Call Engine';
  const sheet = workbook.addWorksheet(`Ranking stage ${ranking.stageNo}`, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.columns.forEach((column, i) => {
    column.width = Math.min(60, Math.max(10, header[i].length + 2));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
