import { DEFAULT_KPI_FRAMEWORK } from '../calls/call-defaults';
import { validateJointReport } from './joint-report';

describe('validateJointReport', () => {
  const partners = [
    { organisationId: 'a', regionCode: 'ITH2', extraReportFields: ['vatNumber'] },
    { organisationId: 'b', regionCode: 'AT31', extraReportFields: [] },
  ];
  const code = DEFAULT_KPI_FRAMEWORK[0].code;

  it('accepts one complete part per funded partner', () => {
    expect(
      validateJointReport(DEFAULT_KPI_FRAMEWORK, partners, {
        kpiValues: { [code]: 1 },
        partnerParts: [{ organisationId: 'a', extraFields: { vatNumber: 'IT1' } }, { organisationId: 'b' }],
      }),
    ).toEqual([]);
  });

  it('lists every problem: unknown KPI, missing and unknown extra fields, strangers, duplicates, missing parts', () => {
    const violations = validateJointReport(DEFAULT_KPI_FRAMEWORK, partners, {
      kpiValues: { NOPE: 1 },
      partnerParts: [
        { organisationId: 'a', extraFields: { colour: 'red' } },
        { organisationId: 'a', extraFields: { vatNumber: 'x' } },
        { organisationId: 'z' },
      ],
    });
    expect(violations.map((v) => `${v.field}:${v.code}`)).toEqual([
      'kpiValues.NOPE:UNKNOWN_KPI',
      'partnerParts[0].extraFields.vatNumber:EXTRA_FIELD_REQUIRED',
      'partnerParts[0].extraFields.colour:UNKNOWN_EXTRA_FIELD',
      'partnerParts[1].organisationId:DUPLICATE_PARTNER_PART',
      'partnerParts[2].organisationId:NOT_A_FUNDED_PARTNER',
      'partnerParts:PARTNER_PART_MISSING',
    ]);
  });
});
