// Accessibility of the screens of the national user, the auditor and the administrator (and
// the coordinator's reports): axe-core finds no serious or critical violation (WCAG 2.2 A/AA
// rules) in any of the three languages, forms showing their errors and questions included;
// and every one of these screens fits a 360 px phone without sideways scrolling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, settled } from './harness.mjs';
import { openAs, useWorld } from './support.mjs';
import { buildRolesWorld } from './roles.mjs';

let server, world, browser;
useWorld(buildRolesWorld, (w) => ({ server, world, browser } = w));

const submit = (page) => page.locator('form.record-form button[type=submit]').first().click().then(() => page.getByRole('alert').first().waitFor());
const click = (name) => (page) => page.getByRole('button', { name }).first().click();

/* [who, name, path, then]: `then` brings the screen to the state to check. */
function screens() {
  const { users, institutions, mechanism, municipality } = world;
  return [
    ['national', 'home', '/'],
    ['national', 'reports', '/reports'],
    ['national', 'report of a municipality', `/reports?municipality_id=${municipality.id}`, (page) => page.locator('.chart canvas').first().waitFor()],
    ['national', 'national view', '/national'],
    ['coordinator', 'reports of the mechanism', '/reports'],
    ['auditor', 'home', '/'],
    ['auditor', 'audit log', '/audit'],
    ['auditor', 'audit log checked', '/audit', click(/Check the chain|Kontrollo zinxhirin|Proveri lanac/)],
    ['auditor', 'audit log flagged', '/audit?flagged=true'],
    ['admin', 'home', '/'],
    ['admin', 'users', '/admin/users'],
    ['admin', 'new user with errors', '/admin/users/new', submit],
    ['admin', 'user', `/admin/users/${users.police.id}`],
    ['admin', 'user disable question', `/admin/users/${users.police.id}`, click(/Disable the account|Çaktivizo llogarinë|Onemogući nalog/)],
    ['admin', 'institutions', '/admin/institutions'],
    ['admin', 'shelter', `/admin/institutions/${institutions.shelter.id}`],
    ['admin', 'new institution with errors', '/admin/institutions/new', submit],
    ['admin', 'mechanisms', '/admin/mechanisms'],
    ['admin', 'mechanism', `/admin/mechanisms/${mechanism.id}`],
    ['admin', 'municipalities', '/admin/municipalities'],
    ['admin', 'new municipality with errors', '/admin/municipalities/new', submit],
    ['admin', 'tokens', '/tokens'],
  ];
}

for (const lang of ['sq', 'en', 'sr-Latn']) {
  test(`no serious or critical axe violation on the screens of these roles, in ${lang}`, async () => {
    const found = [];
    const pages = {};
    for (const [who, name, path, then] of screens()) {
      pages[who] ||= await openAs(browser, world, world.users[who], { lang });
      const page = pages[who];
      await page.goto(`${server.url}/#${path}`);
      await settled(page);
      if (then) await then(page);
      for (const v of await axeViolations(page)) found.push(`${who} ${name}: ${v}`);
    }
    for (const page of Object.values(pages)) await page.context().close();
    assert.deepEqual(found, []);
  });
}

test('every screen of these roles fits a 360 px wide phone', async () => {
  const wide = [];
  const pages = {};
  for (const [who, name, path, then] of screens()) {
    if (!pages[who]) {
      pages[who] = await openAs(browser, world, world.users[who], { lang: 'sq' });
      await pages[who].setViewportSize({ width: 360, height: 740 });
    }
    const page = pages[who];
    await page.goto(`${server.url}/#${path}`);
    await settled(page);
    if (then) await then(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 360) wide.push(`${who} ${name}: ${width}px`);
  }
  for (const page of Object.values(pages)) await page.context().close();
  assert.deepEqual(wide, [], 'no screen scrolls sideways at 360 px');
});
