/**
 * Demo data for `npm start` (never in production): one funding agency per seeded region (the
 * agencies SPEC §3 names where it names one), a few transformative activities, two demo organisations
 * in two regions (enough for a consortium) and one account per role with development passwords that
 * the start prints. Idempotent: a second start changes nothing. The demo call itself goes through the
 * API once it is up (scripts/demo-call.ts).
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { hashPassword } from '../libs/common/src/auth/secrets';

const AGENCIES: Array<[region: string, name: string, programme: string]> = [
  ['ITC1', 'Piedmont Region', 'Regional innovation programme (ERDF)'],
  ['ITC4', 'Lombardy Region Government', 'Lombardy ERDF operational programme'],
  ['ITH2', 'Autonomous Province of Trento', 'Provincial law 6/1999 innovation aid'],
  ['ITH3', 'Veneto Region', 'Veneto ERDF operational programme'],
  ['SI0', 'Government Office for Development and European Cohesion Policy', 'Slovenian cohesion policy programme'],
  ['AT31', 'Business Upper Austria', 'Upper Austrian strategic programme #upperVISION2030'],
  ['AT32', 'Innovation and Technology Transfer Salzburg', 'WISS 2030 innovation programme'],
  ['DE2', 'Bavarian Research Alliance', 'Bavarian joint research programme'],
  ['DE1', 'Baden-Württemberg Ministry of Economic Affairs', 'Innovation vouchers Baden-Württemberg'],
  ['FRC2', 'Bourgogne-Franche-Comté Region', 'Regional innovation strategy programme'],
  ['CH02', 'Canton of Fribourg Economic Promotion', 'New Regional Policy (NRP) Fribourg'],
];

const ACTIVITIES: Array<[code: string, title: string, domain: string, regions: string[]]> = [
  [
    'TA-SMART-MANUF',
    'Digital and smart manufacturing for Alpine SMEs',
    'Advanced manufacturing',
    ['AT31', 'DE2', 'ITC4'],
  ],
  ['TA-AGRIFOOD', 'Sustainable Alpine agrifood value chains', 'Agrifood', ['ITH2', 'ITH3', 'SI0']],
  ['TA-HEALTH', 'Active ageing and health technologies', 'Life sciences', ['AT32', 'CH02', 'FRC2']],
  ['TA-BUILDINGS', 'Energy-efficient mountain buildings', 'Clean energy', ['DE1', 'ITH2', 'SI0']],
];

export interface DemoAccount {
  role: string;
  email: string;
  password: string;
  scope?: string;
}

interface DemoOrganisation {
  legalName: string;
  type: string;
  regionCode: string;
  registrationId: string;
}

const ORGANISATIONS: DemoOrganisation[] = [
  { legalName: 'Dolomiti Robotics S.r.l.', type: 'SME', regionCode: 'ITH2', registrationId: 'IT-DEMO-0000001' },
  { legalName: 'Linz Mechatronics GmbH', type: 'SME', regionCode: 'AT31', registrationId: 'AT-DEMO-0000001' },
];

export const DEMO_ACCOUNTS: Array<DemoAccount & { agencyRegion?: string; organisation?: string }> = [
  { role: 'ADMIN', email: 'admin@acie.demo', password: 'demo-admin-password' },
  { role: 'PROGRAMME_MANAGER', email: 'pm@acie.demo', password: 'demo-pm-password' },
  {
    role: 'AGENCY_OFFICER',
    email: 'officer.trento@acie.demo',
    password: 'demo-officer-password',
    agencyRegion: 'ITH2',
    scope: 'Autonomous Province of Trento',
  },
  {
    role: 'AGENCY_OFFICER',
    email: 'officer.upperaustria@acie.demo',
    password: 'demo-officer-password',
    agencyRegion: 'AT31',
    scope: 'Business Upper Austria',
  },
  {
    role: 'APPLICANT',
    email: 'applicant@acie.demo',
    password: 'demo-applicant-password',
    organisation: 'IT-DEMO-0000001',
    scope: 'Dolomiti Robotics S.r.l.',
  },
  {
    role: 'APPLICANT',
    email: 'partner@acie.demo',
    password: 'demo-applicant-password',
    organisation: 'AT-DEMO-0000001',
    scope: 'Linz Mechatronics GmbH',
  },
  { role: 'EVALUATOR', email: 'evaluator@acie.demo', password: 'demo-evaluator-password' },
];

export async function seedDemoData(url: string): Promise<DemoAccount[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    for (const [region, name, programme] of AGENCIES) {
      await client.query(
        'INSERT INTO funding_agency (id, region_code, name, programme_name) VALUES ($1, $2, $3, $4) ' +
          'ON CONFLICT (region_code, name) DO NOTHING',
        [randomUUID(), region, name, programme],
      );
    }
    for (const [code, title, domain, regions] of ACTIVITIES) {
      await client.query(
        'INSERT INTO transformative_activity (code, title, s3_domain, region_codes) VALUES ($1, $2, $3, $4) ' +
          'ON CONFLICT (code) DO NOTHING',
        [code, title, domain, regions],
      );
    }
    const organisationIds = new Map<string, string>();
    for (const organisation of ORGANISATIONS) {
      await client.query(
        `INSERT INTO organisation (id, legal_name, type, region_code, registration_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ON CONSTRAINT organisation_registration_id_unique DO NOTHING`,
        [randomUUID(), organisation.legalName, organisation.type, organisation.regionCode, organisation.registrationId],
      );
      const { rows } = await client.query<{ id: string }>('SELECT id FROM organisation WHERE registration_id = $1', [
        organisation.registrationId,
      ]);
      organisationIds.set(organisation.registrationId, rows[0].id);
    }
    for (const account of DEMO_ACCOUNTS) {
      await client.query(
        `INSERT INTO app_user (id, email, display_name, password_hash, status, email_verified_at)
            VALUES ($1, $2, $3, $4, 'ACTIVE', clock_timestamp())
         ON CONFLICT ON CONSTRAINT app_user_email_unique DO NOTHING`,
        [
          randomUUID(),
          account.email,
          `Demo ${account.role.toLowerCase().replace('_', ' ')}${account.scope ? ` (${account.scope})` : ''}`,
          await hashPassword(account.password),
        ],
      );
      const userId = (
        await client.query<{ id: string }>('SELECT id FROM app_user WHERE email_normalised = lower($1)', [
          account.email,
        ])
      ).rows[0].id;
      const agencyId = account.agencyRegion
        ? (
            await client.query<{ id: string }>(
              'SELECT id FROM funding_agency WHERE region_code = $1 ORDER BY created_at LIMIT 1',
              [account.agencyRegion],
            )
          ).rows[0].id
        : null;
      await client.query(
        `INSERT INTO role_grant (id, user_id, role, agency_id, organisation_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, role, coalesce(agency_id, '00000000-0000-0000-0000-000000000000'::uuid),
           coalesce(organisation_id, '00000000-0000-0000-0000-000000000000'::uuid)) DO NOTHING`,
        [
          randomUUID(),
          userId,
          account.role,
          agencyId,
          account.organisation ? organisationIds.get(account.organisation) : null,
        ],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
  return DEMO_ACCOUNTS.map(({ role, email, password, scope }) => ({ role, email, password, scope }));
}
