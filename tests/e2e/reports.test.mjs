// Reports: a national user reads the summary of the country and of a municipality in each
// language (tables labelled in it, hidden counts shown as "suppressed" in it — never "<5" — with
// the footnote that says why,
// charts named and described by their table), the chart library is fetched only when a report
// opens, a coordinator reads their own mechanism as it is or anonymised, a period the wrong
// way round is refused beside its field, and the downloads are labelled in the user's language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { settled } from './harness.mjs';
import { assertNoProblems, fillDate, go, openAs, useWorld } from './support.mjs';
import { buildRolesWorld } from './roles.mjs';

let server, world, browser, people;
useWorld(buildRolesWorld, (w) => ({ server, world, browser, people } = w));

const WORDS = {
  en: {
    nav: 'Reports', title: 'Reports', scope: 'Report on', municipality: 'A municipality', choose: 'Municipality', show: 'Show the report',
    byKind: 'Cases by kind', dv: 'Domestic violence', total: 'Total', byService: 'Referrals by service', shelter: 'Shelter', sent: 'Sent',
    note: /"Suppressed" marks a count from 1 to 4/, hidden: 'suppressed', chart: 'Chart: Incidents by form of violence', byForm: 'Incidents by form of violence', anonymised: 'Anonymised', csv: 'Download CSV',
  },
  sq: {
    nav: 'Raportet', title: 'Raportet', scope: 'Raporti për', municipality: 'Një bashki', choose: 'Bashkia', show: 'Shfaq raportin',
    byKind: 'Rastet sipas llojit', dv: 'Dhunë në familje', total: 'Gjithsej', byService: 'Referimet sipas shërbimit', shelter: 'Strehim', sent: 'Dërguar',
    note: /"I fshehur" shënon një numër nga 1 deri në 4/, hidden: 'i fshehur', chart: 'Grafik: Ngjarjet sipas formës së dhunës', byForm: 'Ngjarjet sipas formës së dhunës', anonymised: 'I anonimizuar', csv: 'Shkarko CSV',
  },
  'sr-Latn': {
    nav: 'Izveštaji', title: 'Izveštaji', scope: 'Izveštaj za', municipality: 'Jednu opštinu', choose: 'Opština', show: 'Prikaži izveštaj',
    byKind: 'Slučajevi po vrsti', dv: 'Nasilje u porodici', total: 'Ukupno', byService: 'Upućivanja po usluzi', shelter: 'Smeštaj u sklonište', sent: 'Poslato',
    note: /"Skriveno" označava broj od 1 do 4/, hidden: 'skriveno', chart: 'Grafikon: Incidenti po obliku nasilja', byForm: 'Incidenti po obliku nasilja', anonymised: 'Anonimizovano', csv: 'Preuzmi CSV',
  },
};

/* The cell of `table` in the row headed `row` and the column headed `column`. */
async function cell(table, row, column) {
  const headers = await table.locator('thead th').allInnerTexts();
  const index = headers.findIndex((h) => h.trim() === column);
  assert.ok(index > 0, `column ${column} in ${headers}`);
  return table.locator('tbody tr, tfoot tr').filter({ has: table.page().getByRole('rowheader', { name: row, exact: true }) }).locator('th, td').nth(index).innerText();
}

for (const lang of ['sq', 'en', 'sr-Latn']) {
  test(`a national user reads a municipality's report, anonymised and labelled, in ${lang}`, async () => {
    const w = WORDS[lang];
    const page = await people.page(world.users.national, { lang });
    await go(page, '/');
    await page.getByRole('navigation', { name: /Main|Kryesore|Glavna/ }).getByRole('link', { name: w.nav }).click();
    await page.getByRole('heading', { level: 1, name: w.title }).waitFor();
    await page.getByRole('group', { name: w.scope }).getByLabel(w.municipality).check();
    await page.getByLabel(w.choose, { exact: true }).selectOption({ label: world.municipality.name });
    await page.getByRole('button', { name: w.show }).click();
    await page.waitForURL(new RegExp(`municipality_id=${world.municipality.id}`));
    await page.locator('.page-subtitle').filter({ hasText: world.municipality.name }).waitFor();
    await settled(page);
    await page.getByText(w.anonymised, { exact: true }).waitFor();

    // Three cases of domestic violence: a small count, hidden, and the footnote says why.
    const kinds = page.getByRole('table', { name: w.byKind });
    const casesColumn = (await kinds.locator('thead th').nth(1).innerText()).trim();
    assert.ok((await cell(kinds, w.dv, casesColumn)).startsWith(w.hidden));
    assert.ok((await cell(kinds, w.total, casesColumn)).startsWith(w.hidden));
    const section = page.getByRole('region', { name: w.byKind });
    await section.getByText(w.note).waitFor();
    const services = page.getByRole('table', { name: w.byService });
    assert.ok((await cell(services, w.shelter, w.sent)).startsWith(w.hidden));
    assert.doesNotMatch(await page.locator('main').innerText(), /<5/);

    // The charts (of tables with two rows or more to compare): an image named after its table,
    // described by a note pointing to the table.
    const chart = page.getByRole('img', { name: w.chart });
    await chart.locator('canvas').first().waitFor();
    const described = await chart.getAttribute('aria-describedby');
    assert.match(await page.locator(`#${described}`).innerText(), new RegExp(w.byForm));
    assertNoProblems(page);
  });
}

test('the chart library is not in the first load: it is fetched when a report opens', async () => {
  const page = await openAs(browser, world, world.users.national); // a page that never loaded it
  await go(page, '/');
  await settled(page);
  const html = await (await fetch(server.url)).text();
  const linked = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  assert.equal(linked.length, 1, `one script linked: ${linked}`);
  const main = await (await fetch(`${server.url}${linked[0]}`)).text();
  assert.ok(!main.includes('uplot'), 'the first load holds no chart library');
  page.urls.length = 0;
  await go(page, '/reports');
  await page.getByRole('img', { name: 'Chart: Incidents by form of violence' }).locator('canvas').first().waitFor();
  const chunks = page.urls.filter((u) => /\/assets\/chunk-[^/]+\.js$/.test(u));
  assert.equal(chunks.length, 1, `the chart's chunk fetched once: ${page.urls}`);
  assertNoProblems(page);
  await page.context().close();
});

test("a coordinator reads their mechanism's own figures, or anonymised for sharing", async () => {
  const page = await people.page(world.users.coordinator);
  await go(page, '/reports');
  await settled(page);
  assert.equal(await page.getByLabel('Mechanism', { exact: true }).inputValue(), String(world.mechanism.id));
  await page.getByText("Your mechanism's figures, small counts included").waitFor();
  const kinds = page.getByRole('table', { name: 'Cases by kind' });
  assert.equal(await cell(kinds, 'Domestic violence', 'Cases'), '3');
  assert.equal(await page.getByRole('region', { name: 'Cases by kind' }).getByText(/"Suppressed" marks/).count(), 0, 'no footnote without hidden counts');

  await page.getByLabel('Anonymise it, as for sharing outside the mechanism').check();
  await page.getByRole('button', { name: 'Show the report' }).click();
  await page.waitForURL(/anonymised=true/);
  await page.getByText('Anonymised', { exact: true }).waitFor();
  assert.match(await cell(page.getByRole('table', { name: 'Cases by kind' }), 'Domestic violence', 'Cases'), /^suppressed/);
  assertNoProblems(page);
});

test('a period that ends before it begins is refused beside its field', async () => {
  const page = await people.page(world.users.national);
  await go(page, '/reports');
  await settled(page);
  const period = page.getByRole('group', { name: /^Period/ });
  await fillDate(period.getByRole('group', { name: 'From' }), { d: '1', m: '6', y: '2026' });
  await fillDate(period.getByRole('group', { name: 'To' }), { d: '1', m: '2', y: '2026' });
  await page.getByRole('button', { name: 'Show the report' }).click();
  await page.waitForURL(/from=2026-06-01&to=2026-02-01|to=2026-02-01/);
  const to = page.getByRole('group', { name: 'To' });
  await to.locator('.field-error').waitFor();
  assert.ok((await to.locator('.field-error').innerText()).length > 8, 'the server says what is wrong');
  assertNoProblems(page, ['HTTP 422 GET /api/v1/reports/summary']);
});

/* The text of a download started by clicking `link`. */
async function downloaded(page, link) {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return file.path();
}

test('CSV and XLSX downloads are labelled in the language the user chose, not the browser\'s', async () => {
  // The browser says English (Accept-Language en-US); the user chose Albanian.
  const page = await people.page(world.users.national, { lang: 'sq' });
  await go(page, `/reports?municipality_id=${world.municipality.id}`);
  await settled(page);
  const csv = readFileSync(await downloaded(page, page.getByRole('link', { name: 'Shkarko CSV' })), 'utf8');
  assert.match(csv, /Rastet sipas llojit/);
  assert.match(csv, /Dhunë në familje,i fshehur/);
  assert.ok(!/Cases by kind/.test(csv), 'no English label');
  const xlsx = await downloaded(page, page.getByRole('link', { name: 'Shkarko Excel (XLSX)' }));
  const strings = execFileSync('unzip', ['-p', xlsx, 'xl/sharedStrings.xml'], { encoding: 'utf8' });
  assert.match(strings, /Referimet sipas shërbimit/);
  assertNoProblems(page);
});
