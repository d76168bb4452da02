import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApplicantOrganisation, createUser } from '../utils/call-fixtures';
import { createApiApp } from '../utils/create-api-app';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { testAppConfig, testEnvironment } from '../utils/test-environment';

interface DirectoryEntry {
  id: string;
  legalName: string;
  type: string;
  regionCode: string;
  regionName: string;
  country: string;
}

/**
 * The organisation directory over HTTP on real PostgreSQL: a coordinator finds a partner by part of its
 * legal name, narrows by region and pages through; the answer names each organisation and its region but
 * never its registration id or members; organisations nobody can act for are left out.
 */
describe('organisation directory', () => {
  let app: INestApplication;
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(app.getHttpServer());
  const search = (userId: string, query: Record<string, string | number>) =>
    http().get('/api/v1/organisations/directory').query(query).auth(tokenFor(userId), { type: 'bearer' });

  /** A word no other test's organisation carries, so that searches see only this file's organisations. */
  const marker = `Zq${randomUUID().slice(0, 8)}`;
  let applicant: Awaited<ReturnType<typeof createApplicantOrganisation>>;
  let pmId: string;
  let evaluatorId: string;
  const named: Array<{ organisationId: string; legalName: string; regionCode: string; registrationId: string }> = [];

  /** An organisation with an active member, named `legalName`. */
  async function organisationNamed(legalName: string, regionCode: string, type: string) {
    const created = await createApplicantOrganisation(url(), regionCode, type);
    await queryRows(url(), 'UPDATE organisation SET legal_name = $2 WHERE id = $1', [
      created.organisationId,
      legalName,
    ]);
    const [{ registration_id: registrationId }] = await queryRows<{ registration_id: string }>(
      url(),
      'SELECT registration_id FROM organisation WHERE id = $1',
      [created.organisationId],
    );
    const entry = { organisationId: created.organisationId, legalName, regionCode, registrationId };
    named.push(entry);
    return entry;
  }

  beforeAll(async () => {
    app = await createApiApp(testAppConfig({ LOG_LEVEL: 'error' }));
    applicant = await createApplicantOrganisation(url(), 'ITH2', 'SME');
    pmId = (await createUser(url(), 'PROGRAMME_MANAGER')).id;
    evaluatorId = (await createUser(url(), 'EVALUATOR')).id;
    await organisationNamed(`Traun ${marker} Sensorik GmbH`, 'AT31', 'SME');
    await organisationNamed(`Alpen ${marker.toUpperCase()} Robotik AG`, 'AT31', 'LARGE_ENTERPRISE');
    await organisationNamed(`Università ${marker.toLowerCase()} di Trento`, 'ITH2', 'UNIVERSITY');
    // Nobody can accept an invitation for an organisation whose only member's access was revoked.
    const dormant = await organisationNamed(`Dormant ${marker} Srl`, 'ITH2', 'SME');
    await queryRows(url(), "UPDATE role_grant SET status = 'REVOKED' WHERE organisation_id = $1", [
      dormant.organisationId,
    ]);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it(`finds organisations by part of their legal name, case-insensitively, \
in name order, with their region`, async () => {
    const res = await search(applicant.userId, { q: marker.slice(2).toUpperCase() }).expect(200);
    expect(res.body.nextCursor).toBeNull();
    const items: DirectoryEntry[] = res.body.items;
    expect(items.map((i) => i.legalName)).toEqual([named[1].legalName, named[0].legalName, named[2].legalName]);
    expect(items[1]).toEqual({
      id: named[0].organisationId,
      legalName: named[0].legalName,
      type: 'SME',
      regionCode: 'AT31',
      regionName: expect.any(String),
      country: 'AT',
    });
    expect(items[2]).toMatchObject({ regionCode: 'ITH2', country: 'IT', type: 'UNIVERSITY' });
    // A programme manager may search too.
    expect(
      (await search(pmId, { q: `traun ${marker}` }).expect(200)).body.items.map((i: DirectoryEntry) => i.id),
    ).toEqual([named[0].organisationId]);
    // `%` and `_` are letters to search for, not patterns.
    expect((await search(applicant.userId, { q: `${marker}%` }).expect(200)).body.items).toEqual([]);
  });

  it('narrows by region', async () => {
    const res = await search(applicant.userId, { q: marker, region: 'ITH2' }).expect(200);
    expect(res.body.items.map((i: DirectoryEntry) => i.id)).toEqual([named[2].organisationId]);
    expect((await search(applicant.userId, { q: marker, region: 'SI04' }).expect(200)).body.items).toEqual([]);
  });

  it('pages with the cursor it returns, without repeating or skipping', async () => {
    const first = await search(applicant.userId, { q: marker, limit: 2 }).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await search(applicant.userId, { q: marker, limit: 2, cursor: first.body.nextCursor }).expect(200);
    expect(second.body.nextCursor).toBeNull();
    expect([...first.body.items, ...second.body.items].map((i: DirectoryEntry) => i.id)).toEqual([
      named[1].organisationId,
      named[0].organisationId,
      named[2].organisationId,
    ]);
    const bad = await search(applicant.userId, { q: marker, cursor: 'not-a-cursor' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['cursor']);
  });

  it('never answers with the registration id or members', async () => {
    const res = await search(applicant.userId, { q: marker }).expect(200);
    const text = JSON.stringify(res.body);
    for (const organisation of named) expect(text).not.toContain(organisation.registrationId);
    expect(text).not.toMatch(/registration|member|email/i);
    for (const item of res.body.items as DirectoryEntry[])
      expect(Object.keys(item).sort()).toEqual(['country', 'id', 'legalName', 'regionCode', 'regionName', 'type']);
  });

  it(`refuses anonymous callers (401), roles that may not search (403) \
and a missing or too short q (400 naming q)`, async () => {
    await http().get('/api/v1/organisations/directory').query({ q: marker }).expect(401);
    const forbidden = await search(evaluatorId, { q: marker }).expect(403);
    expect(forbidden.headers['content-type']).toMatch(/application\/problem\+json/);
    const cases: Array<[Record<string, string | number>, string]> = [
      [{ q: 'a' }, 'q'],
      [{}, 'q'],
      [{ q: 'ab', region: 'nowhere' }, 'region'],
    ];
    for (const [query, field] of cases) {
      const bad = await search(applicant.userId, query).expect(400);
      expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
      expect([...new Set(bad.body.errors.map((e: { field: string }) => e.field))]).toEqual([field]);
    }
    const both = await search(applicant.userId, { q: 'x', region: 'nowhere', limit: 0 }).expect(400);
    expect([...new Set(both.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'limit',
      'q',
      'region',
    ]);
  });
});
