// Two gaps of issue 14 in the browser. A police officer refers a case in imminent danger to the
// shelter on an emergency basis (without consent, with a justification); the auditor finds it
// with one click among the emergency-basis referrals, with its basis, what was shared, the case
// reference and the justification. A probation officer sets a reintegrating person's release
// date, sees the pre-release timeline by due date, marks a task done; in the violent-extremism
// programme answers the needs checklist (no score).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, axeViolations, buildWorld, createCase, launchBrowser, settled, unique } from './harness.mjs';
import { People, apiAs, assertNoProblems, caseTab, fact, fillDate, go, openCase } from './support.mjs';

const NOW = '2026-11-23T09:00:00Z';
let server, world, browser, people, reint;

/* A reintegration mechanism beside the Korçë one: probation (owns the case) and a prison. */
async function reintegrationWorld() {
  const { admin } = world;
  const m = world.municipality.id;
  const probation = await admin.post('/institutions', { name: 'Shërbimi i Provës Korçë', type: 'probation', municipality_id: m, services: ['post_release_support'], languages: ['sq'] });
  const prison = await admin.post('/institutions', { name: 'Burgu Korçë', type: 'prison', municipality_id: m, services: ['post_release_support'], languages: ['sq'] });
  const mechanism = await admin.post('/mechanisms', { name: unique('Riintegrimi Korçë '), kind: 'reintegration', municipality_id: m, coordinator_user_id: world.users.coordinator.id, memorandum_date: '2020-01-10', memorandum_ref: 'Nr. 2/2020' });
  for (const i of [probation, prison]) await admin.post(`/mechanisms/${mechanism.id}/members`, { institution_id: i.id, joined_on: '2020-01-10' });
  const username = unique('prova').toLowerCase();
  await admin.post('/users', { username, display_name: 'Oficeri i Provës', password: world.users.police.password, role: 'caseworker', institution_id: probation.id, locale: 'sq' });
  const officer = { username, password: world.users.police.password };
  const api = await apiAs(world, officer);
  const kase = async () =>
    api.post('/cases', { kind: 'reintegration', mechanism_id: mechanism.id, survivor: { given_name: unique('Arben'), family_name: unique('Leka'), sex: 'male', date_of_birth: '1990-02-03' } });
  return { probation, prison, mechanism, officer, api, kase };
}

before(async () => {
  server = await new Server().start({ now: NOW });
  world = await buildWorld(server);
  world.users.auditor = { username: unique('audit').toLowerCase(), password: world.users.police.password };
  await world.admin.post('/users', { ...world.users.auditor, display_name: 'Audituesja', role: 'auditor', locale: 'sq' });
  browser = await launchBrowser();
  people = new People(browser, world);
  reint = await reintegrationWorld();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('a police emergency referral is found by the auditor with its basis, what it shared and why', async () => {
  const { doc } = await createCase(world, world.users.police, { imminent_danger: true, consent: undefined });
  const why = unique('He threatened to come back tonight ');
  const page = await people.page(world.users.police);
  await openCase(page, doc, 'referrals');
  await page.getByRole('button', { name: 'Refer the case' }).click();
  const form = page.getByRole('region', { name: 'Refer the case' });
  await form.getByLabel('Service').selectOption({ label: 'Shelter' });
  await form.getByLabel('To', { exact: true }).selectOption({ label: 'Strehëza Korçë (Shelter)' });
  await form.getByLabel('Emergency', { exact: true }).check();
  await form.getByLabel('Why this referral').fill('She cannot go home tonight');
  await form.getByRole('group', { name: 'On what basis' }).getByLabel('Emergency, without consent').check();
  const share = form.getByRole('group', { name: 'Data shared' });
  await share.getByLabel('Identity', { exact: true }).check();
  await share.getByLabel('Incident', { exact: true }).check();
  await form.getByLabel('Justification for sharing without consent').fill(why);
  await form.getByRole('button', { name: 'Send the referral' }).click();
  await page.getByText('The referral was sent.').waitFor();
  assertNoProblems(page);

  const audit = await people.page(world.users.auditor);
  await go(audit, '/audit');
  await settled(audit);
  await audit.getByRole('navigation', { name: 'Find quickly' }).getByRole('link', { name: 'Emergency-basis referrals' }).click();
  await audit.waitForURL(/basis=emergency/);
  await settled(audit);
  await audit.getByText(/shared without consent because the risk was high/).waitFor();
  const rows = audit.getByRole('table', { name: 'Audit entries' }).locator('tbody tr');
  const row = rows.filter({ hasText: doc.reference });
  assert.equal(await row.count(), 1, 'the referral, once, under its case reference');
  assert.equal(await rows.filter({ hasNotText: 'Without consent' }).count(), 0, 'only emergency-basis referrals');
  const text = await row.innerText();
  assert.match(text, /Without consent/);
  assert.match(text, new RegExp(`User ${world.users.police.id}`));
  assert.match(text, /Policia Korçë/, 'who decided: the officer of the police');
  assert.equal(await fact(row, 'Sharing basis').innerText(), 'Emergency, without consent');
  assert.equal(await fact(row, 'Shared').innerText(), 'Identity, Incident');
  assert.equal(await fact(row, 'Justification').innerText(), why);
  assertNoProblems(audit);
});

test('the emergency-basis filter is also in the filter form and in every language', async () => {
  for (const [lang, quick, hint] of [
    ['sq', 'Referime në bazë emergjence', /u ndanë pa pëlqim/],
    ['sr-Latn', 'Uputi po hitnom osnovu', /podeljeni su bez pristanka/],
  ]) {
    const page = await people.page(world.users.auditor, { lang });
    await go(page, '/audit');
    await settled(page);
    await page.getByRole('link', { name: quick }).click();
    await page.waitForURL(/basis=emergency/);
    await page.getByText(hint).waitFor();
  }
  const page = await people.page(world.users.auditor);
  await go(page, '/audit');
  await settled(page);
  const form = page.getByRole('form', { name: 'Filter the log' });
  await form.getByLabel('Sharing basis').selectOption({ label: 'Emergency, without consent' });
  await form.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/basis=emergency/);
  await settled(page);
  assert.ok((await page.getByRole('table', { name: 'Audit entries' }).locator('tbody tr').count()) >= 1);
  assertNoProblems(page);
});

test('a probation officer sets the release date, sees the timeline by due date and marks a task done', async () => {
  const doc = await reint.kase();
  const page = await people.page(reint.officer);
  await openCase(page, doc);
  await caseTab(page, 'Release and reintegration');
  await page.getByRole('heading', { level: 2, name: 'Release and reintegration' }).waitFor();
  await page.getByText(/No release date yet/).waitFor();
  const form = page.getByRole('region', { name: 'Set the release date' });
  await fillDate(form.getByRole('group', { name: 'Release date' }), { d: '3', m: '3', y: '2027' });
  await form.getByLabel('Standard').check();
  await form.getByRole('button', { name: 'Save the release date' }).click();

  const timeline = page.getByRole('list', { name: 'Pre-release timeline' });
  await timeline.waitFor();
  const items = timeline.getByRole('listitem');
  assert.equal(await items.count(), 5);
  const titles = await items.locator('.card-title').allInnerTexts();
  assert.deepEqual(titles.map((t) => t.split('\n')[0].replace(/\s*(Open|Due soon|Overdue|Done)$/, '').trim()), [
    'Identity documents', 'Housing after release', 'Health care continuity', 'First probation meeting', 'Employment office registration',
  ]);
  assert.match(await items.first().innerText(), /due 03\.12\.2026 · due in 10 days/);
  assert.equal(await fact(page.locator('.tab-panel'), 'Plan starts').innerText(), '03.09.2026');

  await page.getByRole('button', { name: 'Mark done: Housing after release' }).click();
  const housing = items.filter({ hasText: 'Housing after release' });
  await housing.getByText(/done on 23\.11\.2026/).waitFor();
  assert.equal(await housing.getByRole('button').count(), 0, 'a done task has no button');
  const stored = await reint.api.get(`/cases/${doc.id}/reintegration`);
  assert.equal(stored.tasks.find((t) => t.code === 'housing').status, 'done');
  assert.deepEqual(await axeViolations(page), []);
  assertNoProblems(page);
});

test('the violent-extremism programme adds its tasks and a needs checklist answered yes, no or unknown', async () => {
  const doc = await reint.kase();
  await reint.api.call('PUT', `/cases/${doc.id}/release`, { release_on: '2027-03-03', variant: 'violent_extremism' });
  const page = await people.page(reint.officer);
  await openCase(page, doc, 'release');
  await page.getByRole('list', { name: 'Pre-release timeline' }).getByText('Mentor assigned').waitFor();
  const checklist = page.getByRole('region', { name: /Needs, risks and protective factors/ });
  await checklist.waitFor();
  assert.equal(await checklist.getByText(/score/i).count(), 1, 'the note says there is no score');
  const mentor = checklist.getByRole('group', { name: /credible \(a mentor\)/ });
  await mentor.getByLabel('Yes').check();
  await mentor.getByLabel('Note').fill('The imam of the town agreed');
  await checklist.getByRole('group', { name: /ties to the extremist network/ }).getByLabel('Unknown').check();
  await checklist.getByRole('button', { name: 'Save the answers' }).click();
  await settled(page);
  const saved = await reint.api.get(`/cases/${doc.id}/reintegration/needs`);
  assert.deepEqual(saved.answers, { credible_mentor: { answer: 'yes', note: 'The imam of the town agreed' }, network_ties: { answer: 'unknown' } });
  await page.reload();
  const again = page.getByRole('region', { name: /Needs, risks and protective factors/ }).getByRole('group', { name: /credible \(a mentor\)/ });
  await again.waitFor();
  assert.equal(await again.getByLabel('Yes').isChecked(), true, 'the saved answer is shown again');
  assert.equal(await again.getByLabel('Note').inputValue(), 'The imam of the town agreed');
  assertNoProblems(page);
});
