// Intake triage in the browser (issue 14): a CSO's counsellor reports a hate incident on a
// victim's behalf (with her consent, for the police now), the police hate-crime contact point
// opens it from the Intake screen — reading only what she consented to — and turns it into a
// case; a report for the statistics only never reaches the police's queue.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, Api, PASSWORD, Server, axeViolations, buildWorld, launchBrowser, settled, signedInPage, unique } from './harness.mjs';

let server, world, browser, hate, cso;
const NOW = '2026-12-04T09:00:00Z';
const CONTACT = '+355 69 777 1234, after 18:00';

before(async () => {
  server = await new Server().start({ now: NOW });
  world = await buildWorld(server);
  browser = await launchBrowser();
  const admin = await new Api(server.url).signIn(ADMIN);
  // The municipality's hate-crime mechanism: the police are its contact point.
  hate = await admin.post('/mechanisms', {
    name: unique('Mekanizmi i krimeve të urrejtjes '),
    kind: 'hate_crime',
    municipality_id: world.municipality.id,
    coordinator_user_id: world.users.coordinator.id,
    hate_crime_contact_institution_id: world.institutions.police.id,
  });
  for (const key of ['police', 'cso'])
    await admin.post(`/mechanisms/${hate.id}/members`, { institution_id: world.institutions[key].id, joined_on: '2020-01-01' });
  const username = unique('ojq').toLowerCase();
  await admin.post('/users', { username, display_name: 'Këshilltarja', password: PASSWORD, role: 'caseworker', locale: 'sq', institution_id: world.institutions.cso.id });
  cso = { username, password: PASSWORD };
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('a CSO reports on a victim\'s behalf; the police contact point reads what she consented to and opens a case', async () => {
  const account = unique('Sulmuar para klubit ');
  const page = await signedInPage(browser, world, cso);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Intake' }).click();
  await page.getByRole('heading', { level: 1, name: 'Intake' }).waitFor();
  await page.getByRole('button', { name: "Report on someone's behalf" }).click();
  await page.getByLabel('Municipality').selectOption({ label: world.municipality.name });
  await page.getByLabel('Hate crime').check();
  await page.getByLabel('Physical violence').check();
  await page.getByLabel('Sexual orientation').check();
  await page.getByLabel('What happened', { exact: true }).fill(account);
  await page.getByLabel('The victim consented').check();
  await page.getByLabel('Written').check();
  await page.getByRole('group', { name: 'What the police may see' }).getByLabel('Incident').check();
  await page.getByLabel('Wants to be contacted').check();
  await page.getByLabel('How it is safe to contact the victim').fill(CONTACT);
  await page.getByLabel('To the police now').check();
  assert.deepEqual(await axeViolations(page), []);
  await page.getByRole('button', { name: 'Send the report' }).click();
  await page.getByText('The report was sent').waitFor();
  const receipt = await page.locator('.receipt').innerText();
  assert.match(receipt, /^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const police = await signedInPage(browser, world, world.users.police);
  await police.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Intake' }).click();
  await settled(police);
  const row = police.locator('tbody tr', { hasText: 'Sexual orientation' }).last();
  await row.getByRole('link').click();
  await police.getByRole('heading', { level: 1, name: 'Report' }).waitFor();
  await police.getByText(account).waitFor();
  // she consented to the incident only: her contact is not shown, and it says so
  assert.equal(await police.getByText(CONTACT).count(), 0);
  await police.getByText(/Not shared with you .*How it is safe to contact the victim/).waitFor();
  assert.deepEqual(await axeViolations(police), []);
  await police.getByLabel('Open a case').check();
  await police.getByLabel("Victim's given name").fill('Arta');
  await police.getByLabel("Victim's family name").fill(unique('K'));
  await police.getByLabel('Female').check();
  await police.getByLabel('Message to the reporter').fill('The police have opened your case.');
  await police.getByRole('button', { name: 'Open the case' }).click();
  await police.waitForURL(/#\/cases\/\d+$/);
  await police.getByRole('heading', { level: 1, name: /-2026-\d+/ }).waitFor();
  assert.deepEqual(police.problems, []);
  const caseId = Number(police.url().match(/cases\/(\d+)$/)[1]);
  await police.context().close();
  // the case is prefilled from the report: kind, mechanism, the account as the first incident
  const doc = await (await new Api(server.url).signIn(world.users.police)).get(`/cases/${caseId}`);
  assert.equal(doc.kind, 'hate_crime');
  assert.equal(doc.mechanism_id, hate.id);
  assert.equal(doc.incidents[0].narrative, account);
  assert.deepEqual(doc.incidents[0].bias, ['sexual_orientation']);

  // the victim reads the new status and the message with her receipt
  const status = await fetch(`${server.url}/api/v1/public/reports/status`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ receipt }),
  }).then((r) => r.json());
  assert.deepEqual(status, { status: 'in_progress', message: 'The police have opened your case.' });
});

test('a statistics-only report is not in the police\'s queue, nor readable by them', async () => {
  const api = await new Api(server.url).signIn(cso);
  const secret = unique('Vetëm për statistikat ');
  const filed = await api.post('/intake', {
    municipality_id: world.municipality.id, kind: 'hate_crime', bias: ['gender_identity'],
    description: secret, anonymised: true, police: 'statistics',
  });
  const police = await signedInPage(browser, world, world.users.police);
  await police.goto(`${server.url}/#/intake?status=all`);
  await settled(police);
  assert.equal(await police.getByText('Gender identity').count(), 0, 'not in the queue');
  await police.goto(`${server.url}/#/intake/${filed.id}`);
  await police.getByRole('alert').waitFor();
  assert.equal(await police.getByText(secret).count(), 0);
  await police.context().close();
  const policeApi = await new Api(server.url).signIn(world.users.police);
  const all = await policeApi.get('/intake?status=all');
  assert.ok(!all.items.some((i) => i.id === filed.id));
});
