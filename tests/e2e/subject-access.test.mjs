// The person's own copy and the record of processing (issue 16): the manager of the
// institution that leads a case exports it for the person — the language chosen, the print
// view a page without script that prints on A4, the JSON the same copy — and a caseworker is
// not offered it; the auditor reads the record of processing, finds a person by names and birth
// date and opens the register part. Nothing reaches the address but ids and the language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, settled, watch } from './harness.mjs';
import { assertNoProblems, fillDate, openCase, useWorld } from './support.mjs';
import { buildRolesWorld } from './roles.mjs';

let server, world, people;
useWorld(buildRolesWorld, (w) => ({ server, world, people } = w));

/* The page a link opens in a new tab (target=_blank): its address, opened in a page of the
 * same signed-in context and watched like every page of the suite. */
async function opened(page, link) {
  assert.equal(await link.getAttribute('target'), '_blank');
  const popup = watch(await page.context().newPage());
  await popup.goto(new URL(await link.getAttribute('href'), world.server.url).href);
  return popup;
}

test("the lead institution's manager exports a case for the person, in the person's language", async () => {
  const kase = world.cases[1];
  const page = await people.page(world.users.policeManager);
  await openCase(page, kase);
  await settled(page);
  await page.getByText('Export for the person').click();
  await page.getByLabel('Language of the copy').selectOption('sq');
  const view = page.getByRole('link', { name: 'Open the print view' });
  assert.equal(await view.getAttribute('href'), `/api/v1/subject-access?case_ids=${kase.id}&format=html&lang=sq`);
  const json = page.getByRole('link', { name: 'Download as JSON' });
  assert.equal(await json.getAttribute('href'), `/api/v1/subject-access?case_ids=${kase.id}`);

  const copy = await opened(page, view);
  await copy.getByRole('heading', { level: 1, name: 'Të dhënat tuaja personale në Ura' }).waitFor();
  const html = await copy.content();
  assert.doesNotMatch(html, /<script/i, 'no script on the page');
  assert.equal(await copy.locator('html').getAttribute('lang'), 'sq');
  assert.match(await copy.locator('body').innerText(), new RegExp(kase.reference));
  assert.equal(await copy.getByRole('heading', { name: 'Kush pati qasje në të dhënat tuaja' }).count(), 1);
  // On paper: A4, the screen-only hint gone, at least one page.
  await copy.emulateMedia({ media: 'print' });
  assert.equal(await copy.locator('.screen-only').isVisible(), false);
  const pdf = await copy.pdf({ format: 'A4', preferCSSPageSize: true });
  assert.ok(pdf.length > 1000, 'a PDF came out');
  assertNoProblems(copy);
  assertNoProblems(page);
  for (const url of page.urls) assert.doesNotMatch(decodeURIComponent(url), /Zamira|Qerimi/, 'no name in an address');
  await copy.close();
});

test('a caseworker is not offered the export', async () => {
  const page = await people.page(world.users.police);
  await openCase(page, world.cases[1]);
  await settled(page);
  assert.equal(await page.getByText('Export for the person').count(), 0);
  assertNoProblems(page);
});

test('the auditor reads the record of processing and opens a person’s register copy', async () => {
  const page = await people.page(world.users.auditor);
  await page.getByRole('navigation', { name: /Main/ }).getByRole('link', { name: 'Data protection' }).click();
  await page.getByRole('heading', { level: 1, name: 'Data protection' }).waitFor();
  await settled(page);
  const channels = page.getByRole('table', { name: 'Sharing and its legal basis' });
  await channels.getByText("Referral with the person's consent").waitFor();
  assert.match(await channels.innerText(), /Protecting the person's vital interests/);
  assert.deepEqual(await axeViolations(page), []);

  // The person of the first case, by names and birth date.
  const survivor = world.cases[0];
  const names = [survivor.survivor.given_name, survivor.survivor.family_name];
  const form = page.getByRole('region', { name: "A person's own copy" });
  await form.getByLabel('Given name').fill(names[0]);
  await form.getByLabel('Family name').fill(names[1]);
  await fillDate(form.getByRole('group', { name: 'Date of birth' }), { d: '11', m: '05', y: '1987' });
  await form.getByRole('button', { name: 'Search' }).click();
  await form.getByText(survivor.reference).waitFor();
  const copy = await opened(page, form.getByRole('link', { name: 'Open the print view' }));
  await copy.getByRole('heading', { level: 1, name: 'Your personal data held in Ura' }).waitFor();
  const text = await copy.locator('body').innerText();
  assert.match(text, new RegExp(survivor.reference));
  for (const secret of world.secrets) assert.ok(!text.includes(secret), `the register holds no content (${secret})`);
  assertNoProblems(copy);
  assertNoProblems(page);
  for (const url of page.urls) assert.ok(!names.some((n) => decodeURIComponent(url).includes(n)), 'no name in an address');
  await copy.close();
});

test('the administrator opens the record as a page to print', async () => {
  const page = await people.page(world.users.admin, { lang: 'sr-Latn' });
  await page.getByRole('navigation', { name: /Glavna/ }).getByRole('link', { name: 'Zaštita podataka' }).click();
  await settled(page);
  await page.getByLabel('Jezik kopije').selectOption('en');
  const record = await opened(page, page.getByRole('link', { name: 'Otvori prikaz za štampu' }));
  await record.getByRole('heading', { level: 1, name: 'Record of processing activities' }).waitFor();
  assert.match(await record.locator('body').innerText(), /Strehëza Korçë/);
  assert.doesNotMatch(await record.content(), /<script/i);
  assertNoProblems(record);
  assertNoProblems(page);
  await record.close();
});
