// Accessibility: axe-core finds no serious or critical violation (WCAG 2.2 A/AA rules) on any
// screen, in any of the three languages, including forms showing their errors; and every
// screen fits a 360 px phone without sideways scrolling.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, axeViolations, buildWorld, chooseLanguage, createCase, launchBrowser, settled, signedInPage, watch } from './harness.mjs';

let server, world, browser, kase, referral;
before(async () => {
  server = await new Server().start();
  world = await buildWorld(server);
  browser = await launchBrowser();
  const made = await createCase(world, world.users.police, {
    imminent_danger: true,
    children: [{ given_name: 'Ema', date_of_birth: '2018-01-05', sex: 'female' }],
    perpetrator: { given_name: 'Besnik', family_name: 'Hoxha', relationship: 'spouse' },
  });
  kase = made.doc;
  referral = await made.api.post(`/cases/${kase.id}/referrals`, {
    to_institution_id: world.institutions.shelter.id, service: 'shelter', urgency: 'urgent', reason: 'A safe place tonight', share: ['identity'],
  });
  await made.api.post(`/cases/${kase.id}/notes`, { body: 'A first note', visibility: 'involved' });
  await made.api.post(`/cases/${kase.id}/actions`, { title: 'Call back', responsible_institution_id: world.institutions.social.id, due_on: '2026-12-20' });
  await made.api.post(`/cases/${kase.id}/protection-orders`, { type: 'immediate', requested_on: '2026-12-01', court_institution_id: world.institutions.court.id });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/* Screens as [name, path, then]: `then` brings the screen to the state to check. */
function screens() {
  const c = `/cases/${kase.id}`;
  const click = (name) => (page) => page.getByRole('button', { name }).first().click();
  return [
    ['home', '/'],
    ['cases', '/cases'],
    ['search', '/cases/search'],
    ['new case with errors', '/cases/new', async (page) => {
      await page.locator('form.case-form button[type=submit]').click();
      await page.getByRole('alert').first().waitFor();
    }],
    ['case overview', c],
    ['case edit', `${c}/edit`],
    ['incidents', `${c}/incidents`],
    ['risk form', `${c}/risk`, click(/Assess the risk|Vlerëso riskun|Proceni rizik/)],
    ['orders', `${c}/orders`],
    ['plan', `${c}/plan`],
    ['referral form', `${c}/referrals`, click(/Refer the case|Referoje rastin|Uputi slučaj/)],
    ['notes', `${c}/notes`],
    ['consent', `${c}/consent`],
    ['manage', `${c}/manage`],
    ['case print', `${c}/print`],
    ['referrals', '/referrals?box=outgoing'],
    ['referral', `/referrals/${referral.id}`],
    ['referral print', `/referrals/${referral.id}/print`],
    ['transfers', '/transfers'],
    ['emergency access', '/emergency'],
    ['notifications', '/notifications'],
    ['account', '/account'],
  ];
}


for (const lang of ['sq', 'en', 'sr-Latn']) {
  test(`no serious or critical axe violation on any screen, in ${lang}`, async () => {
    const found = [];
    // Signed out first: the sign-in page, and its refused form.
    const context = await browser.newContext();
    const out = watch(await context.newPage());
    await out.goto(server.url);
    await chooseLanguage(out, lang);
    for (const v of await axeViolations(out)) found.push(`sign-in: ${v}`);
    await out.locator('form button[type=submit]').click();
    await out.getByRole('alert').waitFor();
    for (const v of await axeViolations(out)) found.push(`sign-in refused: ${v}`);
    await context.close();

    const page = await signedInPage(browser, world, world.users.police, { lang });
    for (const [name, path, then] of screens()) {
      await page.goto(`${server.url}/#${path}`);
      await settled(page);
      if (then) await then(page);
      for (const v of await axeViolations(page)) found.push(`${name}: ${v}`);
    }
    assert.deepEqual(found, []);
    await page.context().close();
  });
}

test('every screen fits a 360 px wide phone, and the menu opens from its button', async () => {
  const page = await signedInPage(browser, world, world.users.police, { lang: 'sq', viewport: { width: 360, height: 740 } });
  const wide = [];
  for (const [name, path] of screens()) {
    await page.goto(`${server.url}/#${path}`);
    await settled(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 360) wide.push(`${name}: ${width}px`);
  }
  assert.deepEqual(wide, [], 'no screen scrolls sideways at 360 px');
  const menu = page.getByRole('button', { name: 'Menyja' });
  assert.equal(await menu.getAttribute('aria-expanded'), 'false');
  await menu.click();
  await page.getByRole('navigation', { name: 'Kryesore' }).getByRole('link', { name: 'Rast i ri' }).click();
  await page.getByRole('heading', { level: 1, name: 'Rast i ri' }).waitFor();
  await page.context().close();
});

test('a caseworker can sign in and open a new case with the keyboard alone', async () => {
  const context = await browser.newContext();
  const page = watch(await context.newPage());
  await page.goto(server.url);
  await chooseLanguage(page, 'en');
  await page.getByLabel('Username').focus();
  await page.keyboard.type(world.users.police.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(world.users.police.password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  // Tab until the "New case" link has focus, then follow it.
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
    if (focused === 'New case') break;
  }
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'New case' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1', 'the new screen takes focus at its heading');
  assert.deepEqual(page.problems, []);
  await context.close();
});
