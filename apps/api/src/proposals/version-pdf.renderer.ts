import PDFDocument from 'pdfkit';
import type { ProposalContent } from '@app/domain';

export interface VersionForPdf {
  proposalId: string;
  version: number;
  sha256: string;
  submittedAt: string;
  callTitle: string;
  content: ProposalContent;
  organisationNames: Record<string, string>;
}

const money = (minor: number): string =>
  (minor / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * A printable rendering of one submitted version (pdfkit): the receipt (version, time, SHA-256 of the
 * canonical JSON it renders), the consortium with its budget, the work plan and the KPI targets. The
 * JSON download stays the authoritative form; the PDF's metadata dates are the submission time, so the
 * same version renders the same document.
 */
export function renderVersionPdf(v: VersionForPdf): Promise<Buffer> {
  const when = new Date(Date.parse(v.submittedAt));
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: {
      Title: `${v.content.acronym} version ${v.version}`,
      Subject: v.callTitle,
      Creator: 'ACIE Joint Call Engine',
      CreationDate: when,
      ModDate: when,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const name = (id: string): string => v.organisationNames[id] ?? id;

  doc.fontSize(18).text(`${v.content.acronym}: ${v.content.title}`);
  doc.moveDown(0.3).fontSize(10).fillColor('#444').text(`Joint call: ${v.callTitle}`);
  doc.text(`Version ${v.version}, submitted ${v.submittedAt}`);
  doc.text(`SHA-256 of the canonical JSON (RFC 8785): ${v.sha256}`);
  doc.text(`Proposal ${v.proposalId}`).fillColor('black');

  doc.moveDown().fontSize(13).text('Summary');
  doc.fontSize(10).text(`Topic: ${v.content.topic || '—'}; duration ${v.content.durationMonths} months`);
  if (v.content.keywords.length) doc.text(`Keywords: ${v.content.keywords.join(', ')}`);
  if (v.content.transformativeActivityCodes.length)
    doc.text(`Transformative activities: ${v.content.transformativeActivityCodes.join(', ')}`);
  doc.moveDown(0.5).text(v.content.abstract || '—');

  doc.moveDown().fontSize(13).text('Consortium');
  doc.fontSize(10);
  for (const p of v.content.partners) {
    doc.text(
      `${p.role === 'COORDINATOR' ? 'Coordinator' : 'Partner'}: ${name(p.organisationId)} ` +
        `(${p.organisationType}, ${p.regionCode}) — ` +
        (p.funded
          ? `eligible costs ${money(p.eligibleCosts)}, requested grant ${money(p.requestedGrant)}`
          : 'self-funded'),
    );
  }

  doc.moveDown().fontSize(13).text('Work plan');
  doc.fontSize(10);
  if (v.content.workPlan.length === 0) doc.text('—');
  for (const m of v.content.workPlan) {
    doc.text(
      `Month ${m.dueMonth}${m.midTerm ? ' (mid-term)' : ''}: ${m.title} — ${name(m.responsibleOrganisationId)}; ` +
        `deliverables: ${m.deliverables.join(', ') || '—'}`,
    );
  }

  const kpis = Object.entries(v.content.kpiTargets).sort(([a], [b]) => a.localeCompare(b));
  doc.moveDown().fontSize(13).text('KPI targets');
  doc.fontSize(10).text(kpis.length ? kpis.map(([code, target]) => `${code}: ${target}`).join('\n') : '—');

  if (v.content.attachments.length) {
    doc.moveDown().fontSize(13).text('Attachments');
    doc.fontSize(10);
    for (const a of v.content.attachments) doc.text(`${a.name} (${a.mediaType}, ${a.size} bytes) SHA-256 ${a.sha256}`);
  }
  doc.end();
  return done;
}
