import { signIn } from './support/applicants';
import { decidedCall, projectOf } from './support/decided';
import { expect, test, visited } from './support/fixtures';

test(`the outcome of a decided proposal: selected, rank, evaluation summary, grants with instalments, \
a redress request; its project`, async ({ page, apiURL }) => {
  test.setTimeout(240_000);
  const acronym = `WIN${Date.now() % 100000}`;
  const { fixture, coordinator } = await decidedCall(apiURL, [acronym, `RUN${Date.now() % 100000}`]);
  const proposalId = fixture.proposals[0].id;
  await signIn(page, coordinator.email, coordinator.password);

  // The decision is recorded by the call's workflow once the last agency approved: the page shows it then.
  await expect(async () => {
    await page.goto(`/proposals/${proposalId}/outcome`);
    await expect(page.getByTestId('outcome')).toHaveText('Selected for funding', { timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByRole('heading', { level: 1, name: `Outcome of ${acronym}` })).toBeVisible();
  await expect(page.getByRole('row', { name: /Excellence/ })).toContainText('Excellence is convincing.');
  await expect(page.getByRole('heading', { name: 'Grants' })).toBeVisible();
  await expect(page.getByText(/€500/).first()).toBeVisible();
  await visited(page, 'applicant-outcome');

  await page.getByLabel('Procedural grounds').fill('The consensus meeting did not record the rapporteur’s report.');
  await page.getByRole('button', { name: 'File the request' }).click();
  await expect(page.getByText('Filed', { exact: true })).toBeVisible();
  await visited(page, 'applicant-outcome-redress');

  const projectId = await projectOf(proposalId);
  expect(projectId).toBeDefined();
  await page.goto(`/projects/${projectId}`);
  await expect(page.getByRole('heading', { level: 1, name: `Project ${acronym}` })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Consortium agreement' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Instalments' })).toBeVisible();
  await visited(page, 'applicant-project');

  // The coordinator uploads the signed consortium agreement.
  await page.locator('input[type=file]').setInputFiles({
    name: 'consortium-agreement.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% signed by every partner\n%%EOF\n'),
  });
  await expect(page.getByText('Uploaded, awaiting review')).toBeVisible();

  // The joint report of the first milestone, one part per funded partner.
  await page.getByRole('button', { name: 'Report milestone 1' }).click();
  await page.getByLabel('Progress of the project').fill('The prototype cell runs in both workshops.');
  for (const narrative of await page.getByLabel(/^Progress of Org /).all())
    await narrative.fill('Our part of the prototype is built.');
  for (const costs of await page.getByLabel(/^Costs incurred by Org /).all()) await costs.fill('100');
  await visited(page, 'applicant-project-report');
  await page.getByRole('button', { name: 'Submit the report' }).click();
  await expect(page.getByRole('row', { name: /Prototype/ })).toContainText('Reported');
});
