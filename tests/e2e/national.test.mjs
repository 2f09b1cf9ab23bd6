// The national view: the national coordinator sees every municipality of Albania and Kosovo —
// which has a mechanism, meetings held this year against the minimum, referrals and overdue
// rates — in each language; filters by country, sorts by a column (the address keeps both),
// and opens a municipality's report from its name. The administrator sees the same.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launchBrowser, settled, unique } from './harness.mjs';
import { People, assertNoProblems, go } from './support.mjs';
import { buildRolesWorld } from './roles.mjs';

let server, world, browser, people, empty;
before(async () => {
  server = await new Server().start();
  world = await buildRolesWorld(server);
  browser = await launchBrowser();
  people = new People(browser, world);
  // A municipality of Kosovo with no mechanism yet.
  empty = await world.admin.post('/municipalities', { name: unique('Dragash '), code: `D${String.fromCharCode(65 + Math.floor(Math.random() * 26))}Z`, country: 'XK' });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const WORDS = {
  en: { nav: 'National view', caption: /Municipalities and their mechanisms in \d{4}/, municipality: 'Municipality', korce: '1 of 4 meetings', prizren: '0 of 4 meetings', none: 'No mechanism', country: 'Country', kosovo: 'Kosovo', short: 'below the minimum' },
  sq: { nav: 'Pamja kombëtare', caption: /Bashkitë dhe mekanizmat e tyre në vitin \d{4}/, municipality: 'Bashkia', korce: '1 nga 4 takime', prizren: '0 nga 4 takime', none: 'Pa mekanizëm', country: 'Shteti', kosovo: 'Kosovë', short: 'nën minimum' },
  'sr-Latn': { nav: 'Nacionalni pregled', caption: /Opštine i njihovi mehanizmi u \d{4}\. godini/, municipality: 'Opština', korce: '1 od 4 sastanaka', prizren: '0 od 4 sastanaka', none: 'Bez mehanizma', country: 'Zemlja', kosovo: 'Kosovo', short: 'ispod minimuma' },
};

const row = (table, name) => table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name, exact: true }) });

for (const lang of ['sq', 'en', 'sr-Latn']) {
  test(`the national coordinator sees every municipality, its mechanisms and meetings, in ${lang}`, async () => {
    const w = WORDS[lang];
    const page = await people.page(world.users.national, { lang });
    await go(page, '/');
    await page.getByRole('navigation', { name: /Main|Kryesore|Glavna/ }).getByRole('link', { name: w.nav }).click();
    await page.getByRole('heading', { level: 1, name: w.nav }).waitFor();
    await settled(page);
    const table = page.getByRole('table', { name: w.caption });
    assert.match(await row(table, world.municipality.name).innerText(), new RegExp(w.korce));
    const prizren = await row(table, world.kosovo.municipality.name).innerText();
    assert.match(prizren, new RegExp(w.prizren));
    assert.match(prizren, new RegExp(w.short), 'a screen reader hears that the minimum is not met');
    assert.match(await row(table, empty.name).innerText(), new RegExp(w.none));
    assertNoProblems(page);
  });
}

test('filtered by country and sorted by a column, the address keeps both', async () => {
  const page = await people.page(world.users.national);
  await go(page, '/national');
  await settled(page);
  await page.getByLabel('Country', { exact: true }).selectOption({ label: 'Kosovo' });
  await page.waitForURL(/country=XK/);
  const table = page.getByRole('table', { name: /Municipalities and their mechanisms/ });
  const names = () => table.locator('tbody th').allInnerTexts();
  assert.deepEqual((await names()).sort(), [world.kosovo.municipality.name, empty.name].sort());

  const header = table.getByRole('columnheader', { name: /Municipality/ });
  assert.equal(await header.getAttribute('aria-sort'), 'ascending');
  await header.getByRole('button').click();
  await page.waitForURL(/sort=name&dir=desc/);
  assert.equal(await header.getAttribute('aria-sort'), 'descending');
  const desc = await names();
  assert.deepEqual(desc, [...desc].sort((a, b) => b.localeCompare(a)));

  await page.reload();
  await settled(page);
  assert.equal(await page.getByLabel('Country', { exact: true }).inputValue(), 'XK');
  assert.deepEqual(await names(), desc, 'the same order after a reload');
  assertNoProblems(page);
});

test("a municipality's name opens its report for the year", async () => {
  const page = await people.page(world.users.admin);
  await go(page, '/national');
  await settled(page);
  await page.getByRole('table', { name: /Municipalities and their mechanisms/ }).getByRole('link', { name: world.municipality.name }).click();
  await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
  assert.match(page.url(), new RegExp(`municipality_id=${world.municipality.id}&from=\\d{4}-01-01&to=\\d{4}-12-31`));
  await settled(page);
  assert.match(await page.locator('.page-subtitle').innerText(), new RegExp(world.municipality.name));
  assertNoProblems(page);
});
