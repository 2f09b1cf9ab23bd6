// Screenshots of the screens of the coordinator, the national user, the auditor and the
// administrator, from a fresh server with the world of tests/e2e/roles.mjs (after make;
// build/ura, Debian's chromium):
//   node scripts/screenshots-roles.mjs              the README's five: the coordinator's dashboard,
//                                                   a meeting, a mechanism's report with its chart,
//                                                   the national view, the audit log
//   node scripts/screenshots-roles.mjs --all DIR    every screen at 360 and 1280 px in each
//                                                   language, into DIR, to look them over
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Api, REPO, Server, launchBrowser, settled } from '../tests/e2e/harness.mjs';
import { openAs } from '../tests/e2e/support.mjs';
import { buildRolesWorld } from '../tests/e2e/roles.mjs';

const all = process.argv[2] === '--all';
const out = all ? process.argv[3] : join(REPO, 'docs/screenshots');
if (!out) {
  console.error('usage: node scripts/screenshots-roles.mjs [--all DIR]');
  process.exit(2);
}
mkdirSync(out, { recursive: true });

const server = await new Server().start();
const world = await buildRolesWorld(server);
const browser = await launchBrowser();

async function shot(user, name, lang, width, path, then) {
  const page = await openAs(browser, world, user, { lang });
  await page.setViewportSize({ width, height: width < 500 ? 780 : 900 });
  await page.goto(`${server.url}/#${path}`);
  await settled(page);
  if (then) await then(page);
  // The chart library arrives after the screen: wait for the charts it draws.
  if (await page.locator('.chart').count()) await page.locator('.chart canvas').first().waitFor();
  await page.screenshot({ path: join(out, `${name}-${lang}-${width}.png`), fullPage: all || width < 500 });
  if (page.problems.length) console.log(`${name} ${lang} ${width}: ${page.problems.join('; ')}`);
  await page.context().close();
}

const { national, auditor, admin, coordinator } = world.users;
// A meeting as a coordinator prepares it: agenda, attendance, a decision that becomes an action.
async function preparedMeeting() {
  const api = await new Api(server.url).signIn(coordinator);
  const { police, shelter, social } = world.institutions;
  const m = await api.post(`/mechanisms/${world.mechanism.id}/meetings`, { kind: 'regular', scheduled_at: '2026-12-10T09:00:00Z', place: 'Bashkia Korçë, salla e këshillit' });
  for (const topic of ['Shtretër në strehëz për dimrin', 'Plani vendor i veprimit: gjysmëvjetori'])
    await api.post(`/meetings/${m.id}/agenda`, { topic });
  await api.call('PUT', `/meetings/${m.id}/attendance`, [police, shelter, social].map((i, n) => ({ institution_id: i.id, present: n < 2, attendees: n < 2 ? 2 : 0 })));
  await api.post(`/meetings/${m.id}/decisions`, { text: 'Strehëza raporton çdo javë shtretërit e lirë', responsible_institution_id: shelter.id, due_on: '2026-12-20' });
  return m;
}

if (!all) {
  await shot(coordinator, 'dashboard', 'en', 1280, `/mechanisms/${world.mechanism.id}`);
  await shot(coordinator, 'meeting', 'sq', 1280, `/meetings/${(await preparedMeeting()).id}`);
  await shot(coordinator, 'report', 'sq', 1280, '/reports', (p) => p.getByRole('heading', { name: 'Rastet sipas llojit' }).evaluate((h) => window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 16)));
  await shot(national, 'national', 'en', 1280, '/national');
  await shot(auditor, 'audit', 'sr-Latn', 1280, '/audit');
} else {
  const screens = [
    [national, 'home-national', '/'],
    [national, 'reports', '/reports'],
    [coordinator, 'reports-coordinator', '/reports'],
    [national, 'national', '/national'],
    [auditor, 'home-auditor', '/'],
    [auditor, 'audit', '/audit'],
    [auditor, 'audit-glass', '/audit?action=case.emergency_access'],
    [admin, 'home-admin', '/'],
    [admin, 'users', '/admin/users'],
    [admin, 'user-new', '/admin/users/new'],
    [admin, 'user', `/admin/users/${world.users.police.id}`],
    [admin, 'institutions', '/admin/institutions'],
    [admin, 'institution-shelter', `/admin/institutions/${world.institutions.shelter.id}`],
    [admin, 'mechanisms', '/admin/mechanisms'],
    [admin, 'mechanism', `/admin/mechanisms/${world.mechanism.id}`],
    [admin, 'municipalities', '/admin/municipalities'],
    [admin, 'municipality-new', '/admin/municipalities/new'],
    [admin, 'tokens', '/tokens'],
  ];
  for (const lang of ['sq', 'en', 'sr-Latn'])
    for (const width of [360, 1280]) for (const [user, name, path] of screens) await shot(user, name, lang, width, path);
}
await browser.close();
await server.close();
console.log(`screenshots written to ${out}`);
