import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { ReceivedMail, SmtpTestServer } from './smtp-test-server';

export const ONBOARDING_PASSWORD = 'correct horse battery staple 42';

export interface Person {
  id: string;
  email: string;
  token: string;
}

export interface ApplicantPerson extends Person {
  organisationId: string;
}

/**
 * Everyone a call needs, brought in as in production: the bootstrap admin signs in, adds agencies and staff (who
 * accept their invitation from the e-mail), evaluators accept the pool invitation, applicants register with their
 * organisation and confirm their address. Nothing is written to the database but through the API.
 */
export function onboardOverHttp(
  app: INestApplication,
  smtp: SmtpTestServer,
  admin: { email: string; password: string },
) {
  const http = () => request(app.getHttpServer());
  const unique = (name: string): string => `${name}-${randomUUID().slice(0, 8)}@acie.test`;
  const mailTo = (email: string, subject: RegExp): Promise<ReceivedMail> =>
    smtp.waitFor((m) => m.to.includes(email.toLowerCase()) && subject.test(m.subject), 60_000);
  const tokenIn = (mail: ReceivedMail): string => {
    const match = /token=([A-Za-z0-9_-]+)/.exec(mail.text);
    if (!match) throw new Error(`no token link in ${mail.text}`);
    return match[1];
  };
  const ok = (res: request.Response, status: number, what: string): request.Response => {
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  const login = async (email: string, password = ONBOARDING_PASSWORD): Promise<Person> => {
    const res = ok(await http().post('/api/v1/auth/login').send({ email, password }), 200, `login ${email}`);
    const token = res.body.accessToken as string;
    const me = ok(await http().get('/api/v1/me').auth(token, { type: 'bearer' }), 200, 'me');
    return { id: me.body.id as string, email, token };
  };
  let adminToken: string | undefined;
  const asAdmin = async (): Promise<string> => (adminToken ??= (await login(admin.email, admin.password)).token);

  return {
    login,
    asAdmin,
    async agency(regionCode: string, name: string): Promise<{ id: string; regionCode: string }> {
      const res = await http()
        .post('/api/v1/agencies')
        .auth(await asAdmin(), { type: 'bearer' })
        .send({ regionCode, name: `${name} ${randomUUID().slice(0, 6)}`, programmeName: `${name} programme` });
      return { id: ok(res, 201, `agency ${regionCode}`).body.id as string, regionCode };
    },
    async staff(role: 'PROGRAMME_MANAGER' | 'AGENCY_OFFICER', displayName: string, agencyId?: string): Promise<Person> {
      const email = unique(role.toLowerCase());
      ok(
        await http()
          .post('/api/v1/users')
          .auth(await asAdmin(), { type: 'bearer' })
          .send({ email, displayName, role, ...(agencyId ? { agencyId } : {}) }),
        201,
        `staff ${email}`,
      );
      ok(
        await http()
          .post('/api/v1/auth/accept-invitation')
          .send({ token: tokenIn(await mailTo(email, /staff account/)), password: ONBOARDING_PASSWORD }),
        200,
        `accept ${email}`,
      );
      return login(email);
    },
    async evaluator(invitedBy: string, displayName: string): Promise<Person> {
      const email = unique('expert');
      ok(
        await http()
          .post('/api/v1/evaluator-invitations')
          .auth(invitedBy, { type: 'bearer' })
          .send({ email, displayName }),
        202,
        `invite ${email}`,
      );
      ok(
        await http()
          .post('/api/v1/auth/accept-invitation')
          .send({
            token: tokenIn(await mailTo(email, /evaluator pool/)),
            displayName,
            password: ONBOARDING_PASSWORD,
          }),
        200,
        `accept ${email}`,
      );
      return login(email);
    },
    async applicant(regionCode: string, type: string, legalName: string): Promise<ApplicantPerson> {
      const email = unique('applicant');
      ok(
        await http()
          .post('/api/v1/auth/register')
          .send({
            email,
            password: ONBOARDING_PASSWORD,
            displayName: `Contact of ${legalName}`,
            organisation: {
              legalName: `${legalName} ${randomUUID().slice(0, 6)}`,
              type,
              regionCode,
              registrationId: `${regionCode}${Math.floor(Math.random() * 1e11)}`,
            },
          }),
        202,
        `register ${email}`,
      );
      ok(
        await http()
          .post('/api/v1/auth/verify-email')
          .send({ token: tokenIn(await mailTo(email, /Confirm your e-mail/)) }),
        204,
        `verify ${email}`,
      );
      const person = await login(email);
      const me = ok(await http().get('/api/v1/me').auth(person.token, { type: 'bearer' }), 200, 'me');
      return { ...person, organisationId: me.body.grants[0].organisationId as string };
    },
  };
}
