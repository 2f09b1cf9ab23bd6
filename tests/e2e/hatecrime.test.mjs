// Hate-crime statistics in the browser: a police officer marks a hate-crime case investigated
// on its Outcome tab and the coordinator's hate-crime report counts it; a CSO worker records
// feedback on the police, and the coordinator sees the quarter's aggregate — "suppressed" and no
// shares while fewer than five answers, the shares once there are five.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Api, PASSWORD, Server, axeViolations, buildWorld, launchBrowser, settled, unique } from './harness.mjs';
import { People, assertNoProblems, caseTab, fact, fillDate, go, openCase } from './support.mjs';

const NOW = '2026-12-04T09:00:00Z';
let server, world, browser, people, hate, kase, cso;

before(async () => {
  server = await new Server().start({ now: NOW });
  world = await buildWorld(server);
  browser = await launchBrowser();
  people = new People(browser, world);
  const { admin, institutions } = world;
  hate = await admin.post('/mechanisms', {
    name: unique('Mekanizmi i urrejtjes '),
    kind: 'hate_crime',
    municipality_id: world.municipality.id,
    coordinator_user_id: world.users.coordinator.id,
    memorandum_date: '2020-01-10',
    memorandum_ref: 'Nr. 2/2020',
  });
  for (const key of ['police', 'cso']) await admin.post(`/mechanisms/${hate.id}/members`, { institution_id: institutions[key].id, joined_on: '2020-01-10' });
  const username = unique('cso').toLowerCase();
  const u = await admin.post('/users', { username, display_name: 'Punonjëse e Qendrës', password: PASSWORD, role: 'caseworker', locale: 'en', institution_id: institutions.cso.id });
  cso = { id: u.id, username, password: PASSWORD };
  const police = await new Api(server.url).signIn(world.users.police);
  kase = await police.post('/cases', {
    kind: 'hate_crime',
    mechanism_id: hate.id,
    survivor: { given_name: unique('Arta'), family_name: unique('Gashi'), sex: 'female', date_of_birth: '1990-04-04' },
    incident: { occurred_on: '2026-11-28', forms: ['physical'], place: 'public', narrative: unique('Narrative '), bias: ['ethnicity'] },
  });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/* The count in the row headed `row` of the table captioned `caption`. */
function count(page, caption, row) {
  const table = page.getByRole('table', { name: caption });
  return table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: row, exact: true }) }).locator('td').first();
}

test('a police officer marks a hate-crime case investigated and the hate-crime report shows it', async () => {
  const coordinator = await people.page(world.users.coordinator);
  const report = `/reports/hate-crimes?mechanism_id=${hate.id}`;
  await go(coordinator, report);
  await coordinator.getByRole('heading', { level: 1, name: 'Hate crimes' }).waitFor();
  await settled(coordinator);
  assert.equal(await count(coordinator, 'Hate incidents by bias motivation', 'Race, ethnicity or nationality').innerText(), '1');
  assert.equal(await count(coordinator, 'Hate incidents by outcome', 'Investigated').innerText(), '0');

  const page = await people.page(world.users.police);
  await openCase(page, kase);
  await caseTab(page, 'Outcome');
  await page.getByRole('heading', { level: 2, name: 'Outcome' }).waitFor();
  assert.equal(await fact(page, 'Investigated').innerText(), 'No');
  await page.getByLabel('Investigated', { exact: true }).check();
  await page.getByRole('button', { name: 'Save the outcome' }).click();
  await fact(page, 'Investigated').getByText('Yes, since 04.12.2026').waitFor();
  assert.deepEqual(await axeViolations(page), []);
  assertNoProblems(page);

  await go(coordinator, report);
  await settled(coordinator);
  assert.equal(await count(coordinator, 'Hate incidents by outcome', 'Investigated').innerText(), '1');
  await coordinator.getByText('Hate incidents, each counted once').waitFor();
  await coordinator.getByRole('link', { name: 'Download CSV' }).waitFor();
  assert.deepEqual(await axeViolations(coordinator), []);
  assertNoProblems(coordinator);
});

test('a CSO records feedback on the police; the coordinator sees the quarter, suppressed below five', async () => {
  const page = await people.page(cso);
  await go(page, `/mechanisms/${hate.id}/police-feedback`);
  await page.getByRole('heading', { level: 1, name: 'Feedback on the police' }).waitFor();
  const form = page.getByRole('region', { name: 'Record feedback on the police' });
  await form.getByLabel('Police institution').selectOption({ label: 'Policia Korçë' });
  await fillDate(form.getByRole('group', { name: 'Date of the contact' }), { d: '1', m: '12', y: '2026' });
  await form.getByRole('group', { name: 'Informed of their rights' }).getByLabel('Partly').check();
  await form.getByRole('group', { name: 'Treated with respect' }).getByLabel('Yes').check();
  await form.getByRole('group', { name: 'Referred to support services' }).getByLabel('No').check();
  await form.getByLabel(/Hours until the first contact/).fill('6');
  await form.getByRole('button', { name: 'Save the feedback' }).click();
  await page.getByText('The feedback was recorded.').waitFor();
  assert.deepEqual(await axeViolations(page), []);
  assertNoProblems(page);

  const coordinator = await people.page(world.users.coordinator);
  const aggregate = `/mechanisms/${hate.id}/police-feedback`;
  await go(coordinator, aggregate);
  await settled(coordinator);
  const table = coordinator.getByRole('table', { name: 'Feedback on the police in 2026, by quarter' });
  const q4 = table.locator('tbody tr').filter({ has: coordinator.getByRole('rowheader', { name: 'Q4', exact: true }) });
  assert.match(await q4.innerText(), /suppressed/);
  assert.doesNotMatch(await q4.innerText(), /%/);
  await coordinator.getByText(/"Suppressed" marks fewer than five answers/).waitFor();
  assert.equal(await coordinator.getByRole('region', { name: 'Record feedback on the police' }).count(), 0, 'the coordinator records none');

  // four more answers make five: the quarter shows its shares
  const api = await new Api(server.url).signIn(cso);
  for (const day of ['2026-10-02', '2026-10-20', '2026-11-03', '2026-11-30'])
    await api.post('/police-feedback', { mechanism_id: hate.id, police_institution_id: world.institutions.police.id, occurred_on: day, informed_of_rights: 'yes', treated_respectfully: 'yes', referred_to_support: 'yes', hours_to_first_contact: 2 });
  await go(coordinator, aggregate);
  await settled(coordinator);
  const shown = await q4.innerText();
  assert.match(shown, /\b5\b/);
  assert.match(shown, /Partly 20%/);
  assert.match(shown, /Yes 80%/);
  assert.deepEqual(await axeViolations(coordinator), []);
  assertNoProblems(coordinator);
});
