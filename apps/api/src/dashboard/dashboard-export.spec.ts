import { Workbook } from 'exceljs';
import { dashboardCsv, dashboardXlsx, exportTable } from './dashboard-export';

describe('dashboard export', () => {
  it('adds the call columns only when the rows carry them, joins lists and leaves absent values empty', () => {
    const call = exportTable('activities', [
      {
        activityCode: 'A1',
        title: null,
        sharedByRegions: ['AT31', 'ITH2'],
        currency: 'EUR',
        allocated: '100',
        paid: '0',
        projects: 1,
      },
    ]);
    expect(call.header[0]).toBe('Transformative activity');
    expect(call.rows).toEqual([['A1', null, 'AT31 ITH2', 'EUR', '100', '0', 1]]);
    const programme = exportTable('budget', [
      {
        callId: null,
        callTitle: null,
        regionCode: 'ITH2',
        currency: 'EUR',
        committed: '5',
        allocated: '4',
        released: '3',
        paid: '2',
      },
    ]);
    expect(programme.header.slice(0, 3)).toEqual(['Call id', 'Call', 'Region']);
    expect(dashboardCsv(programme)).toBe(
      'Call id,Call,Region,Currency,Committed (minor units),Allocated (minor units),Released (minor units),' +
        'Paid (minor units)\r\n,,ITH2,EUR,5,4,3,2\r\n',
    );
  });

  it('keeps CSV cells formula-safe (call titles come from people)', () => {
    const table = exportTable('funnel', [
      {
        callId: 'c1',
        callTitle: '=HYPERLINK("x")',
        group: 'ALL',
        submitted: 1,
        eligible: 1,
        aboveThreshold: 0,
        funded: 0,
      },
    ]);
    expect(dashboardCsv(table).split('\r\n')[1]).toBe(`c1,"'=HYPERLINK(""x"")",ALL,1,1,0,0`);
  });

  it('writes money as numeric XLSX cells when exact, as text beyond 2^53', async () => {
    const table = exportTable('budget', [
      { regionCode: 'AT31', currency: 'EUR', committed: '100000', allocated: '0', released: '0', paid: '0' },
      { regionCode: 'ITH2', currency: 'EUR', committed: '90071992547409930', allocated: '0', released: '0', paid: '0' },
    ]);
    const workbook = new Workbook();
    await workbook.xlsx.load(
      (await dashboardXlsx('budget', table)) as unknown as Parameters<typeof workbook.xlsx.load>[0],
    );
    const sheet = workbook.getWorksheet('Budget');
    expect((sheet?.getRow(2).values as unknown[]).slice(1)).toEqual(['AT31', 'EUR', 100000, 0, 0, 0]);
    expect((sheet?.getRow(3).values as unknown[])[3]).toBe('90071992547409930');
  });
});
