// The people in the data: a whole casework journey with distinctive strings, then a search of
// everything the browser kept or sent in the open — every URL requested or visited, local and
// session storage, IndexedDB, Cache Storage, service workers — for any of them. None may be
// there. The journey must also raise no CSP violation and no console error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useWorld } from './support.mjs';
import { Api, buildWorld, createCase, signedInPage, unique } from './harness.mjs';

let server, world, browser;
useWorld(buildWorld, (w) => ({ server, world, browser } = w));

/* Everything a page keeps in the browser, as one string. */
async function browserStorage(page) {
  return page.evaluate(async () => {
    const out = { local: { ...localStorage }, session: { ...sessionStorage }, idb: [], caches: [], workers: 0 };
    if (indexedDB.databases) out.idb = await indexedDB.databases();
    if (self.caches) out.caches = await caches.keys();
    if (navigator.serviceWorker) out.workers = (await navigator.serviceWorker.getRegistrations()).length;
    return JSON.stringify(out);
  });
}

function leaks(haystack, needles) {
  const text = decodeURIComponent(haystack.replace(/\+/g, ' ')).toLowerCase();
  return needles.filter((n) => text.includes(n.toLowerCase()));
}

test('a casework journey leaves no personal string in any URL or in browser storage', async () => {
  const secret = {
    given: unique('Zamira'),
    family: unique('Qerimi'),
    address: unique('Rruga Fan Noli 12 '),
    phone: '+355 69 7' + String(Date.now()).slice(-6),
    narrative: unique('Narrative that must stay private '),
    note: unique('A note that must stay private '),
    reason: unique('A referral reason '),
  };
  const needles = Object.values(secret);
  const page = await signedInPage(browser, world, world.users.police);

  // New case through the form.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New case' }).click();
  const survivor = page.getByRole('region', { name: 'Survivor' });
  await survivor.getByLabel('Given name', { exact: true }).fill(secret.given);
  await survivor.getByLabel('Family name', { exact: true }).fill(secret.family);
  await survivor.getByLabel('Female', { exact: true }).check();
  await survivor.getByLabel('Phone').fill(secret.phone);
  await survivor.getByLabel('Address', { exact: true }).fill(secret.address);
  const incident = page.getByRole('region', { name: 'The incident' });
  await incident.getByLabel('Day').fill('1');
  await incident.getByLabel('Month').fill('12');
  await incident.getByLabel('Year').fill('2026');
  await incident.getByLabel('Psychological violence').check();
  await incident.getByLabel('What happened').fill(secret.narrative);
  await page.getByRole('group', { name: 'Has the survivor agreed to share her data?' }).getByLabel('Yes', { exact: true }).check();
  await page.getByLabel('Verbal').check();
  await page.getByLabel('Social services', { exact: true }).check();
  for (const c of ['Identity', 'Contact (phone, address)', 'Notes']) await page.getByLabel(c, { exact: true }).check();
  await page.getByRole('button', { name: 'Create the case' }).click();
  await page.getByText('The case was created.').waitFor();
  const caseUrl = page.url();

  // A note for everyone involved, a referral to social services, the print view.
  const parts = page.getByRole('navigation', { name: 'Parts of the case' });
  await parts.getByRole('link', { name: 'Notes' }).click();
  await page.getByLabel('Note', { exact: true }).fill(secret.note);
  await page.getByLabel('Every institution involved that may read notes').check();
  await page.getByRole('button', { name: 'Save the note' }).click();
  await page.getByText(secret.note).waitFor();
  await parts.getByRole('link', { name: 'Referrals' }).click();
  await page.getByRole('button', { name: 'Refer the case' }).click();
  await page.getByLabel('Service').selectOption({ label: 'Psychosocial support' });
  await page.getByLabel('To', { exact: true }).selectOption({ label: 'Shërbimi Social Korçë (Social services)' });
  await page.getByLabel('Routine', { exact: true }).check();
  await page.getByLabel('Why this referral').fill(secret.reason);
  for (const c of ['Identity', 'Contact (phone, address)', 'Notes']) await page.getByRole('group', { name: 'Data shared' }).getByLabel(c, { exact: true }).check();
  await page.getByRole('button', { name: 'Send the referral' }).click();
  await page.getByText('The referral was sent.').waitFor();
  await page.goto(`${caseUrl}/print`);
  await page.getByText(secret.address).waitFor();

  // A search by name travels in a body.
  await page.goto(`${server.url}/#/cases/search`);
  await page.getByLabel('Given name').fill(secret.given);
  await page.getByLabel('Family name').fill(secret.family);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText('1 cases found that you may see.').waitFor();

  // The recipient accepts and reads what was shared.
  const social = await signedInPage(browser, world, world.users.social);
  await social.getByRole('link', { name: /[A-Z]{3}-\d{4}-\d{4}/ }).first().click();
  await social.getByText(secret.reason).waitFor();
  await social.getByRole('button', { name: 'Accept', exact: true }).click();
  await social.getByRole('link', { name: 'Open the case' }).click();
  await social.getByText(`${secret.given} ${secret.family}`).waitFor();
  await social.getByRole('navigation', { name: 'Parts of the case' }).getByRole('link', { name: 'Notes' }).click();
  await social.getByText(secret.note).waitFor();

  for (const p of [page, social]) {
    const urls = p.urls.join('\n');
    assert.deepEqual(leaks(urls, needles), [], `no personal string in a URL:\n${urls}`);
    assert.deepEqual(leaks(await browserStorage(p), needles), [], 'no personal string in browser storage');
    assert.deepEqual(JSON.parse(await browserStorage(p)).local, { 'ura.lang': 'en' }, 'only the language is stored');
    assert.deepEqual(p.problems, [], 'no CSP violation, console error or failed request');
    await p.context().close();
  }
});

test('every answer that carries personal data says it must not be stored, and the UI runs under a strict CSP', async () => {
  const { doc } = await createCase(world, world.users.police);
  const api = await new Api(server.url).signIn(world.users.police);
  const res = await fetch(`${server.url}/api/v1/cases/${doc.id}`, { headers: { Cookie: api.cookie } });
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const page = await fetch(server.url);
  const csp = page.headers.get('content-security-policy');
  for (const directive of ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"])
    assert.ok(csp.includes(directive), `CSP has ${directive}: ${csp}`);
  assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), 'no inline script or eval allowed');
  const html = await page.text();
  assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/.test(html), 'no inline script in the page');
  assert.ok(!/\sstyle=/.test(html), 'no inline style in the page');
});
