import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reference data every installation needs: the eleven regions of S3-4AlpClusters (SPEC §3). A data
 * migration kept apart from the schema migration; admins add more regions through the API.
 */
const REGIONS: Array<[code: string, name: string, country: string, currency: string]> = [
  ['ITC1', 'Piedmont', 'IT', 'EUR'],
  ['ITC4', 'Lombardy', 'IT', 'EUR'],
  ['ITH2', 'Autonomous Province of Trento', 'IT', 'EUR'],
  ['ITH3', 'Veneto', 'IT', 'EUR'],
  ['SI0', 'Slovenia', 'SI', 'EUR'],
  ['AT31', 'Upper Austria', 'AT', 'EUR'],
  ['AT32', 'Salzburg', 'AT', 'EUR'],
  ['DE2', 'Bavaria', 'DE', 'EUR'],
  ['DE1', 'Baden-Württemberg', 'DE', 'EUR'],
  ['FRC2', 'Franche-Comté', 'FR', 'EUR'],
  ['CH02', 'Espace Mittelland (Canton of Fribourg)', 'CH', 'CHF'],
];

export class SeedRegions1764288000001 implements MigrationInterface {
  name = 'SeedRegions1764288000001';

  async up(q: QueryRunner): Promise<void> {
    for (const [code, name, country, currency] of REGIONS) {
      await q.query(
        'INSERT INTO region (code, name, country, currency) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING',
        [code, name, country, currency],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM region WHERE code = ANY($1)', [REGIONS.map((r) => r[0])]);
  }
}
