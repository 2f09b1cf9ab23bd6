// Retention and legal hold in the browser: the police's manager places a legal hold on a
// closed case from its Legal hold tab; eleven years later (the server restarted with a later
// clock) the administrator's Retention screen lists both closed cases — the held one marked,
// nothing personal shown — and, once the administrator ticks the confirmation, anonymises
// the other; the data-protection auditor lifts the hold from the audit log's link. Each screen
// passes axe and shows no problem.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, PASSWORD, Server, axeViolations, buildWorld, launchBrowser, settled, unique } from './harness.mjs';
import { People, apiAs, assertNoProblems, caseTab, go, openCase, registerCase } from './support.mjs';

const NOW = '2026-12-04T09:00:00Z';
const LATER = '2037-12-10T09:00:00Z';
let server, world, browser, people, due, held, auditor;

before(async () => {
  server = await new Server().start({ now: NOW });
  world = await buildWorld(server);
  browser = await launchBrowser();
  people = new People(browser, world);
  due = await registerCase(world, world.users.police);
  held = await registerCase(world, world.users.police);
  const manager = await apiAs(world, world.users.policeManager);
  for (const kase of [due, held]) await manager.post(`/cases/${kase.id}/close`, { outcome: 'goals_met' });
  const username = unique('dpo').toLowerCase();
  await world.admin.post('/users', { username, display_name: 'Zyrtarja e Mbrojtjes së të Dhënave', password: PASSWORD, role: 'auditor', locale: 'en' });
  auditor = { username, password: PASSWORD };
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("the owner's manager places a legal hold on a closed case", async () => {
  const page = await people.page(world.users.policeManager);
  await openCase(page, held);
  await caseTab(page, 'Legal hold');
  await page.getByRole('heading', { level: 2, name: 'Legal hold' }).waitFor();
  await page.getByText('The case is not under a legal hold').waitFor();
  await page.getByLabel('Reason').fill('The district court asked for the file');
  await page.getByRole('button', { name: 'Place a legal hold' }).click();
  await page.getByText('The case is under a legal hold').waitFor();
  await page.getByRole('table', { name: 'Legal holds of the case' }).getByText('The district court asked for the file').waitFor();
  assert.deepEqual(await axeViolations(page), []);
  assertNoProblems(page);
});

test('the administrator sees the dry run and confirms it; the held case stays', async () => {
  await server.restart({ now: LATER });
  await people.forget();
  const page = await people.page(ADMIN);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Retention' }).click();
  await page.getByRole('heading', { level: 1, name: 'Retention' }).waitFor();
  await settled(page);
  const table = page.getByRole('table', { name: /cases past their period/ });
  const row = (kase) => table.locator('tbody tr').filter({ hasText: kase.reference });
  await row(due).getByText('Domestic violence: after closure').waitFor();
  await row(held).getByText('Held: kept').waitFor();
  assert.equal(await row(due).getByText('Held: kept').count(), 0);
  const text = await table.innerText();
  for (const kase of [due, held]) assert.ok(!text.includes(kase.survivor?.given_name ?? '\u0000'), 'no name in the dry run');
  assert.deepEqual(await axeViolations(page), []);

  const button = page.getByRole('button', { name: 'Anonymise 1 cases' });
  assert.ok(await button.isDisabled(), 'the button waits for the confirmation');
  await page.getByLabel('I confirm that the 1 cases not under a legal hold are anonymised').check();
  await button.click();
  await page.getByText('1 cases anonymised').waitFor();
  await settled(page);
  assert.equal(await row(due).count(), 0);
  await row(held).waitFor();
  assertNoProblems(page);

  const owner = await apiAs(world, world.users.police);
  const after = await owner.get(`/cases/${due.id}`);
  assert.ok(after.survivor.given_name === undefined && after.incidents[0].narrative === null, 'the case was anonymised');
});

test('the auditor lifts the hold from the audit log', async () => {
  const page = await people.page(auditor);
  await go(page, `/audit?case_id=${held.id}`);
  await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
  await settled(page);
  await page.getByRole('link', { name: 'Legal hold' }).first().click();
  await page.getByRole('heading', { level: 1, name: `Legal hold of case #${held.id}` }).waitFor();
  await page.getByText('The case is under a legal hold').waitFor();
  await page.getByRole('button', { name: 'Lift the legal hold' }).click();
  await page.getByText('The case is not under a legal hold').waitFor();
  assert.deepEqual(await axeViolations(page), []);
  assertNoProblems(page);
});
