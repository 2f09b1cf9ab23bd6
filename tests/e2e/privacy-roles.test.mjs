// The national user, the auditor and the administrator never see a survivor: with cases whose
// people have distinctive names, addresses, phones, narratives, notes and justifications in
// the database, each of them visits every screen of their role — and types the address of a
// case screen — and none of those strings is on any page, in any address the browser used, or
// in its storage; but the auditor reads the justification of an emergency-basis referral, in
// that list only (issue 14). The UI runs without a console error or a CSP violation meanwhile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settled } from './harness.mjs';
import { assertNoProblems, openAs, useWorld } from './support.mjs';
import { buildRolesWorld, leaksIn, pageText } from './roles.mjs';

let server, world, browser;
useWorld(buildRolesWorld, (w) => ({ server, world, browser } = w));

async function storage(page) {
  return page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
}

/* Visits each path (following "Show older entries" to the end) and returns everything shown. */
async function visit(page, paths) {
  let text = '';
  for (const path of paths) {
    // A fresh load each time, so that what is read is this screen's, settled.
    await page.goto(`${server.url}/#${path}`);
    await page.reload();
    await settled(page);
    for (let i = 0; i < 20; i++) {
      const older = page.getByRole('button', { name: /Show older entries|Show more/ });
      if (!(await older.count())) break;
      await older.click();
      await settled(page);
    }
    text += `\n${path}\n${await pageText(page)}`;
  }
  return text;
}

/* The case screens, typed into the address bar: the API refuses them to these roles. */
function caseScreens() {
  return world.cases.flatMap((c) => [`/cases/${c.id}`, `/cases/${c.id}/print`]);
}
const REFUSED = [/^HTTP 40[34] GET \/api\/v1\/cases\/\d+/];

/* `readable`: the strings this role reads by design (the auditor: the justification of an
 * emergency-basis referral, issue 14), never in an address or in storage. */
async function check(page, text, readable = []) {
  const secrets = world.secrets.filter((s) => !readable.includes(s));
  assert.deepEqual(leaksIn(text, secrets), [], 'no survivor on any screen');
  assert.deepEqual(leaksIn(page.urls.join('\n'), world.secrets), [], 'no survivor in any address');
  assert.deepEqual(leaksIn(await storage(page), world.secrets), [], 'no survivor in browser storage');
  assertNoProblems(page, REFUSED);
}

test('the national user sees no survivor on any screen', async () => {
  const page = await openAs(browser, world, world.users.national);
  const { municipality, mechanism, kosovo } = world;
  const text = await visit(page, [
    '/',
    '/reports',
    `/reports?municipality_id=${municipality.id}`,
    `/reports?mechanism_id=${mechanism.id}`,
    `/reports?municipality_id=${kosovo.municipality.id}`,
    '/national',
    '/national?country=XK',
    '/notifications',
    '/account',
    '/tokens',
    ...caseScreens(),
  ]);
  await check(page, text);
  await page.context().close();
});

test('the auditor sees no survivor on any screen, the whole log included', async () => {
  const page = await openAs(browser, world, world.users.auditor);
  const text = await visit(page, [
    '/',
    '/audit',
    '/audit?action=case.emergency_access',
    '/audit?action=case.read_emergency',
    '/audit?basis=emergency',
    '/audit?flagged=true',
    ...world.cases.map((c) => `/audit?case_id=${c.id}`),
    '/notifications',
    '/account',
    ...caseScreens(),
  ]);
  // The justification of the emergency-basis referral is read there, and only there.
  const emergencyList = text.split('\n/audit?basis=emergency\n')[1].split('\n/audit?flagged=true\n')[0];
  assert.ok(emergencyList.includes(world.justification.toLowerCase()), 'the auditor reads why data was shared without consent');
  assert.deepEqual(leaksIn(text.replace(emergencyList, ''), [world.justification]), [], 'nowhere else');
  await check(page, text, [world.justification]);
  await page.context().close();
});

test('the administrator sees no survivor on any screen, and has no case screen', async () => {
  const page = await openAs(browser, world, world.users.admin);
  const users = (await world.admin.get('/users?limit=500')).items;
  const institutions = (await world.admin.get('/institutions?limit=500')).items;
  const mechanisms = (await world.admin.get('/mechanisms?limit=500')).items;
  const municipalities = (await world.admin.get('/municipalities?limit=500')).items;
  const text = await visit(page, [
    '/',
    '/admin/users',
    ...users.map((u) => `/admin/users/${u.id}`),
    '/admin/institutions',
    ...institutions.map((i) => `/admin/institutions/${i.id}`),
    '/admin/mechanisms',
    ...mechanisms.map((m) => `/admin/mechanisms/${m.id}`),
    '/admin/municipalities',
    ...municipalities.map((m) => `/admin/municipalities/${m.id}`),
    '/reports',
    `/reports?mechanism_id=${world.mechanism.id}`,
    '/national',
    '/tokens',
    '/notifications',
    '/account',
    ...caseScreens(),
  ]);
  const nav = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts();
  assert.deepEqual(nav.filter((n) => /case|emergency|referral/i.test(n)), [], 'no case screen in the menu');
  await check(page, text);
  await page.context().close();
});
