import { annexDueAt, checkAnnex } from './regional-annex.rules';

const requirement = {
  required: true,
  dueDaysAfterDeadline: 10,
  fields: ['Regional VAT status', 'De minimis aid received'],
  documents: ['Chamber of commerce extract'],
};

describe('checkAnnex (SPEC S6)', () => {
  it('accepts a complete annex', () => {
    expect(
      checkAnnex(
        {
          fields: { 'Regional VAT status': 'registered', 'De minimis aid received': '0' },
          documents: { 'Chamber of commerce extract': 'a'.repeat(64) },
        },
        requirement,
      ),
    ).toEqual([]);
  });

  it('lists every missing and unknown item', () => {
    const codes = checkAnnex(
      { fields: { 'Regional VAT status': ' ', Colour: 'blue' }, documents: {} },
      requirement,
    ).map((v) => `${v.field}:${v.code}`);
    expect(codes).toEqual([
      'fields.Regional VAT status:ANNEX_FIELD_MISSING',
      'fields.De minimis aid received:ANNEX_FIELD_MISSING',
      'documents.Chamber of commerce extract:ANNEX_DOCUMENT_MISSING',
      'fields.Colour:ANNEX_FIELD_UNKNOWN',
    ]);
  });

  it('is due the set number of days after the joint deadline', () => {
    expect(annexDueAt(Date.UTC(2027, 2, 1), requirement)).toBe(Date.UTC(2027, 2, 11));
  });
});
