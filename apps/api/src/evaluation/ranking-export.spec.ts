import type { CallRanking } from '@app/persistence';
import {
  csvField,
  CSV_TYPE,
  JSON_TYPE,
  negotiate,
  RANKING_MEDIA_TYPES,
  rankingCsv,
  rankingTable,
  XLSX_TYPE,
} from './ranking-export';

const ranking: CallRanking = {
  callId: 'c',
  stageNo: 1,
  criteria: [
    { name: 'Excellence', weight: 1, threshold: 3 },
    { name: 'Impact', weight: 1, threshold: 3 },
  ],
  overallThreshold: 6,
  entries: [
    {
      proposalId: 'p1',
      acronym: 'ONE',
      title: 'Line\nbreak, "quoted"',
      state: 'RANKED',
      rank: 1,
      outcome: 'ABOVE_THRESHOLD',
      reasons: [],
      weightedTotal: '9.5',
      unweightedSum: 9.5,
      scores: [
        { criterion: 'Excellence', score: 5 },
        { criterion: 'Impact', score: 4.5 },
      ],
      smeShareBps: 3333,
      finalSubmittedAt: '2026-01-01T00:00:00.000Z',
      requestedFunding: [{ regionCode: 'CH02', currency: 'CHF', amount: 100 }],
      partnerRegions: ['CH02'],
      separatedFromAbove: null,
      reviewerScores: [
        {
          reviewer: 'Reviewer 1',
          scores: [
            { criterion: 'Excellence', score: 5 },
            { criterion: 'Impact', score: 4 },
          ],
          weightedTotal: '9',
        },
      ],
    },
    {
      proposalId: 'p2',
      acronym: '-TWO',
      title: 'Two',
      state: 'BELOW_THRESHOLD',
      rank: null,
      outcome: 'BELOW_THRESHOLD',
      reasons: [
        { code: 'CRITERION_BELOW_THRESHOLD', criterion: 'Impact', score: 2, threshold: 3 },
        { code: 'SUM_BELOW_OVERALL_THRESHOLD', sum: 5, threshold: 6 },
      ],
      weightedTotal: '5',
      unweightedSum: 5,
      scores: [
        { criterion: 'Excellence', score: 3 },
        { criterion: 'Impact', score: 2 },
      ],
      smeShareBps: 0,
      finalSubmittedAt: '2026-01-01T00:00:00.000Z',
      requestedFunding: [{ regionCode: 'AT31', currency: 'EUR', amount: 5 }],
      partnerRegions: ['AT31'],
      separatedFromAbove: null,
      reviewerScores: [],
    },
  ],
};

describe('negotiate', () => {
  it('defaults to JSON and honours exact types, wildcards and quality values', () => {
    expect(negotiate(undefined, RANKING_MEDIA_TYPES)).toBe(JSON_TYPE);
    expect(negotiate('*/*', RANKING_MEDIA_TYPES)).toBe(JSON_TYPE);
    expect(negotiate('text/csv', RANKING_MEDIA_TYPES)).toBe(CSV_TYPE);
    expect(negotiate('text/*', RANKING_MEDIA_TYPES)).toBe(CSV_TYPE);
    expect(negotiate(`application/json;q=0.5, ${XLSX_TYPE}`, RANKING_MEDIA_TYPES)).toBe(XLSX_TYPE);
    expect(negotiate('text/csv;q=0, */*;q=0.1', RANKING_MEDIA_TYPES)).toBe(JSON_TYPE);
    expect(negotiate('application/pdf', RANKING_MEDIA_TYPES)).toBeNull();
    expect(negotiate('*/*;q=0', RANKING_MEDIA_TYPES)).toBeNull();
  });
});

describe('CSV', () => {
  it('quotes per RFC 4180 and defuses spreadsheet formulas in text', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField('@x,y')).toBe('"\'@x,y"');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
  });

  it('writes a header, one row per proposal and one column per criterion, CRLF-terminated', () => {
    const csv = rankingCsv(ranking);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'Rank,Acronym,Title,State,Outcome,Reasons,Weighted total,Unweighted sum,Excellence,Impact,SME share (%),' +
        'Requested AT31 (EUR minor units),Requested CH02 (CHF minor units),Separated from the one above by,' +
        'Reviewer 1: Excellence,Reviewer 1: Impact',
    );
    expect(lines[1]).toBe('1,ONE,"Line\nbreak, ""quoted""",RANKED,ABOVE_THRESHOLD,,9.5,9.5,5,4.5,33.33,0,100,,5,4');
    expect(lines[2]).toBe(
      ',' +
        "'-TWO,Two,BELOW_THRESHOLD,BELOW_THRESHOLD," +
        'Impact 2 below threshold 3; sum 5 below overall threshold 6,5,5,3,2,0,5,0,,,',
    );
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('has no reviewer columns when the rows carry no individual scores', () => {
    const { header } = rankingTable({
      ...ranking,
      entries: ranking.entries.map((e) => ({ ...e, reviewerScores: [] })),
    });
    expect(header.some((h) => h.startsWith('Reviewer'))).toBe(false);
  });
});
