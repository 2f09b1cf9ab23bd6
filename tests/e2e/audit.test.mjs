// The auditor: the audit log in each language with the check of the hash chain; each break
// glass and each emergency-basis referral (shared without consent) found with one click; the filters (case, user,
// institution, action or a kind of action, period, flagged) as codes in the address; older
// entries page by page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settled } from './harness.mjs';
import { apiAs, assertNoProblems, dayIn, fillDate, go, useWorld } from './support.mjs';
import { buildRolesWorld } from './roles.mjs';

let world, people;
useWorld(buildRolesWorld, (w) => ({ world, people } = w));

const WORDS = {
  en: { nav: 'Audit log', granted: 'Emergency access granted', read: 'Case read under emergency access', check: 'Check the chain', intact: /The chain is intact: \d+ entries checked\./, entries: 'Audit entries' },
  sq: { nav: 'Regjistri i auditimit', granted: 'Qasje emergjente e dhënë', read: 'Rast i lexuar me qasje emergjente', check: 'Kontrollo zinxhirin', intact: /Zinxhiri është i paprekur: u kontrolluan \d+ shënime\./, entries: 'Shënimet e auditimit' },
  'sr-Latn': { nav: 'Revizorski dnevnik', granted: 'Odobren hitan pristup', read: 'Slučaj pročitan uz hitan pristup', check: 'Proveri lanac', intact: /Lanac je netaknut: provereno unosa: \d+\./, entries: 'Revizorski unosi' },
};

const entries = (page, name = 'Audit entries') => page.getByRole('table', { name }).locator('tbody tr');

for (const lang of ['sq', 'en', 'sr-Latn']) {
  test(`the auditor reads the log and checks the chain, in ${lang}`, async () => {
    const w = WORDS[lang];
    const page = await people.page(world.users.auditor, { lang });
    await go(page, '/');
    await page.getByRole('navigation', { name: /Main|Kryesore|Glavna/ }).getByRole('link', { name: w.nav }).click();
    await page.getByRole('heading', { level: 1, name: w.nav }).waitFor();
    await settled(page);
    const rows = entries(page, w.entries);
    await rows.filter({ hasText: w.granted }).first().waitFor();
    assert.match(await rows.filter({ hasText: w.read }).first().innerText(), new RegExp(`case\\.read_emergency`));
    await page.getByRole('button', { name: w.check }).click();
    await page.getByText(w.intact).waitFor();
    assertNoProblems(page);
  });
}

test('each break glass, each read under it and each refusal are one click away', async () => {
  const page = await people.page(world.users.auditor);
  await go(page, '/audit');
  await settled(page);
  const quick = page.getByRole('navigation', { name: 'Find quickly' });
  await quick.getByRole('link', { name: 'Emergency access', exact: true }).click();
  await page.waitForURL(/action=case\.emergency_access$/);
  await settled(page);
  assert.equal(await quick.getByRole('link', { name: 'Emergency access', exact: true }).getAttribute('aria-current'), 'true');
  const rows = entries(page);
  assert.equal(await rows.count(), 1, 'the one emergency access of the world');
  const row = await rows.first().innerText();
  assert.match(row, /Emergency access granted/);
  assert.match(row, new RegExp(world.cases[2].reference), "the case by its reference");
  assert.match(row, /justification/, 'the field is named, never its text');

  await quick.getByRole('link', { name: 'Reads under emergency access' }).click();
  await page.waitForURL(/action=case\.read_emergency/);
  await settled(page);
  assert.ok((await entries(page).count()) >= 1);
  for (const text of await entries(page).allInnerTexts()) assert.match(text, /case\.read_emergency/);
  assertNoProblems(page);
});

test('a referral that shared data without consent is one click away, with its basis and justification', async () => {
  const page = await people.page(world.users.auditor);
  await go(page, '/audit');
  await settled(page);
  await page.getByRole('navigation', { name: 'Find quickly' }).getByRole('link', { name: 'Emergency-basis referrals' }).click();
  await page.waitForURL(/basis=emergency$/);
  await settled(page);
  const rows = entries(page);
  assert.equal(await rows.count(), 1, 'of three referrals, the one without consent');
  const row = await rows.first().innerText();
  assert.match(row, /Without consent/);
  assert.match(row, new RegExp(`referral #${world.withoutConsent.id}`));
  assert.match(row, new RegExp(world.cases[0].reference));
  assert.ok(row.includes(world.justification), 'the justification, for the auditor to judge');
  assertNoProblems(page);
});

test('the filters are codes in the address; a kind of action, a case, a user, an institution, a period', async () => {
  const page = await people.page(world.users.auditor);
  await go(page, '/audit');
  await settled(page);
  const form = page.getByRole('form', { name: 'Filter the log' });
  await form.getByLabel('Case number').fill(String(world.cases[0].id));
  await form.getByLabel('Action').selectOption({ label: 'Any action on referrals' });
  const today = dayIn(0);
  await fillDate(form.getByRole('group', { name: 'From' }), today);
  await fillDate(form.getByRole('group', { name: 'To' }), today);
  await form.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(new RegExp(`case_id=${world.cases[0].id}&action=referral\\.&from=${today.iso}&to=${today.iso}`));
  await settled(page);
  const texts = await entries(page).allInnerTexts();
  assert.equal(texts.length, 2, `two referrals of the first case: ${texts.join(' | ')}`);
  for (const text of texts) assert.match(text, /referral\.create/);

  // An entry's user and case are links to the same log filtered by them.
  await go(page, `/audit?institution_id=${world.institutions.legal.id}`);
  await settled(page);
  const legal = await entries(page).allInnerTexts();
  assert.ok(legal.length >= 2, 'legal aid signed in, broke the glass and read');
  for (const text of legal) assert.match(text, /Ndihma Juridike Korçë/);
  await entries(page).first().getByRole('link', { name: /^User \d+$/ }).click();
  await page.waitForURL(/#\/audit\?user_id=\d+$/);
  await settled(page);
  assert.equal(await page.getByLabel('User number').inputValue(), String(world.users.legal.id));
  assertNoProblems(page);
});

test('entries flagged for the auditor: case work of new staff accounts', async () => {
  const page = await people.page(world.users.auditor);
  await go(page, '/audit');
  await settled(page);
  await page.getByRole('navigation', { name: 'Find quickly' }).getByRole('link', { name: 'Flagged for you' }).click();
  await page.waitForURL(/flagged=true/);
  await settled(page);
  const texts = await entries(page).allInnerTexts();
  assert.ok(texts.length > 0, 'the accounts of the world are new, so their case work is flagged');
  for (const text of texts) assert.match(text, /Flagged/);
  assertNoProblems(page);
});

test('older entries come page by page, newest first', async () => {
  const police = await apiAs(world, world.users.police);
  for (let i = 0; i < 110; i++) await police.get(`/cases/${world.cases[1].id}`);
  const page = await people.page(world.users.auditor);
  await go(page, `/audit?case_id=${world.cases[1].id}`);
  await page.getByText('Entries shown: 100, newest first').waitFor();
  assert.equal(await entries(page).count(), 100);
  const firstPage = await entries(page).locator('time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
  await page.getByRole('button', { name: 'Show older entries' }).click();
  await page.getByText(/^Entries shown: 1\d\d,/).waitFor();
  const all = await entries(page).locator('time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
  assert.ok(all.length > 110, `${all.length} entries`);
  assert.deepEqual(all.slice(0, 100), firstPage, 'the first page stays where it was');
  assert.deepEqual(all, [...all].sort().reverse(), 'newest first');
  assertNoProblems(page);
});
