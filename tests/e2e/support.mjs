// What the task tests share beyond the harness: a quick way in (the session made over the API
// in the browser context's own cookie jar, so the sign-in screen is not typed through again —
// signin.test.mjs tests that), one signed-in page and one API client per person and file (a
// sign-in costs a password hash and an app start: the machine is small), a page clock set to
// the server's, reading a fact (a <dt>/<dd> pair) by its label, a few extras of a world, and
// the codes of an authenticator app.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before } from 'node:test';
import { Api, PASSWORD, Server, launchBrowser, unique, watch } from './harness.mjs';

const MAIN_NAV = /^(Main|Kryesore|Glavna navigacija|Ana menü)$/;

/* An RFC 3339 instant without milliseconds, as URA_NOW wants it. */
export function iso(ms) {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

/*
 * A page signed in as `user`, in `lang`, in a new browser context. With `now` (an RFC 3339
 * instant) the page's clock stands still at that instant, as URA_NOW holds the server's, so
 * "time left" is computed against the same moment on both sides.
 */
export async function openAs(browser, world, user, { lang = 'en', now } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  if (now) await page.clock.setFixedTime(new Date(now));
  await context.addInitScript((l) => {
    if (!localStorage.getItem('ura.lang')) localStorage.setItem('ura.lang', l);
  }, lang);
  watch(page);
  const res = await context.request.post(`${world.server.url}/api/v1/session`, {
    data: { username: user.username, password: user.password },
  });
  assert.equal(res.status(), 201, `sign-in of ${user.username}`);
  await page.goto(world.server.url);
  await page.getByRole('navigation', { name: MAIN_NAV }).waitFor();
  return page;
}

/*
 * A test file's fixture: a server on a fresh database and the world `build` makes on it
 * (buildWorld, or roles.mjs's buildRolesWorld) while the browser starts, and the People who use
 * it, all closed after the file. `assign` gets { server, world, browser, people } before the
 * first test:
 *
 *   let world, people;
 *   useWorld(buildWorld, (w) => ({ world, people } = w));
 */
export function useWorld(build, assign) {
  let server, browser;
  before(async () => {
    let world;
    [browser] = await Promise.all([
      launchBrowser(),
      (async () => {
        server = await new Server().start();
        world = await build(server);
      })(),
    ]);
    assign({ server, world, browser, people: new People(browser, world) });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
}

/*
 * The signed-in pages of a test file, one per person and language, kept from test to test. Each
 * test gets the page with its records (problems, URLs) emptied, and goes where it needs to.
 */
export class People {
  constructor(browser, world) {
    this.browser = browser;
    this.world = world;
    this.pages = new Map();
  }
  async page(user, { lang = 'en' } = {}) {
    const key = `${user.username}|${lang}`;
    let page = this.pages.get(key);
    if (!page || page.isClosed()) {
      page = await openAs(this.browser, this.world, user, { lang });
      this.pages.set(key, page);
    }
    page.problems.length = 0;
    page.urls.length = 0;
    return page;
  }
  /* After a restart with another clock the sessions are gone: start afresh. */
  async forget() {
    for (const page of this.pages.values()) await page.context().close();
    this.pages.clear();
    clients.clear();
  }
}

/* The screen at '#<path>': a same-document navigation, or a reload when it is already there. */
export async function go(page, path) {
  const target = `${page.url().split('#')[0]}#${path}`;
  if (page.url() === target) await page.reload();
  else await page.goto(target);
}

/* The case page (or one of its tabs), waited for by its heading. */
export async function openCase(page, doc, tab) {
  await go(page, `/cases/${doc.id}${tab ? `/${tab}` : ''}`);
  await page.getByRole('heading', { level: 1, name: new RegExp(doc.reference) }).waitFor();
}

/* The tab of the case page named `name` (in the page's language), clicked. */
export async function caseTab(page, name) {
  await page.getByRole('navigation', { name: /^(Parts of the case|Pjesët e rastit|Delovi slučaja)$/ }).getByRole('link', { name, exact: true }).click();
}

/* The value shown beside a label in a list of facts (<dt>label</dt><dd>value</dd>). */
export function fact(scope, label) {
  return scope.locator(`xpath=.//dt[normalize-space(.)="${label}"]/following-sibling::dd[1]`);
}

/* The page's problems, less the answers the test provoked on purpose (e.g. 'HTTP 412 PATCH'). */
export function assertNoProblems(page, expected = []) {
  const left = page.problems.filter((p) => !expected.some((e) => (e instanceof RegExp ? e.test(p) : p.startsWith(e))));
  assert.deepEqual(left, [], 'the page had no console error, exception, CSP violation or failed request');
}

const clients = new Map();
/* An API client signed in as `user` (one per person and server). */
export function apiAs(world, user) {
  const key = `${world.server.url}|${user.username}`;
  if (!clients.has(key)) clients.set(key, new Api(world.server.url).signIn(user));
  return clients.get(key);
}

/* A case registered by `user` through the API, as the harness's createCase makes it. */
export async function registerCase(world, user, overrides = {}) {
  const api = await apiAs(world, user);
  return api.post('/cases', {
    kind: 'domestic_violence',
    mechanism_id: world.mechanism.id,
    survivor: survivor(),
    incident: { occurred_on: '2026-11-20', forms: ['physical', 'psychological'], place: 'home', narrative: unique('Narrative ') },
    consent: { given: true, method: 'written', institution_types: ['social_services', 'shelter', 'legal_aid'], categories: ['identity', 'contact', 'incident', 'children'] },
    ...overrides,
  });
}

/* A survivor no other test has used. */
export function survivor(overrides = {}) {
  return {
    given_name: unique('Blerta'),
    family_name: unique('Krasniqi'),
    sex: 'female',
    date_of_birth: '1988-06-02',
    phone: '+355 68 444 0202',
    address: unique('Rruga Republika '),
    ...overrides,
  };
}

/*
 * A new member institution of the world's mechanism, with a caseworker (and a manager when
 * asked): counts on its screens then depend on this test alone.
 */
export async function memberInstitution(world, { name = unique('Qendra '), type = 'cso', services = ['psychosocial'], manager = false } = {}) {
  const { admin } = world;
  const institution = await admin.post('/institutions', { name, type, municipality_id: world.municipality.id, services, languages: ['sq'] });
  await admin.post(`/mechanisms/${world.mechanism.id}/members`, { institution_id: institution.id, joined_on: '2020-01-01' });
  const makeUser = async (role, displayName) => {
    const username = unique(role.slice(0, 4)).toLowerCase();
    const u = await admin.post('/users', { username, display_name: displayName, password: PASSWORD, role, locale: 'en', institution_id: institution.id });
    return { id: u.id, username, password: PASSWORD, displayName };
  };
  const out = { institution, caseworker: await makeUser('caseworker', unique('Worker ')) };
  if (manager) out.manager = await makeUser('manager', unique('Manager '));
  return out;
}

/* Today's date (YYYY-MM-DD) in the mechanisms' zone, `days` from now, and as the UI writes it. */
export function dayIn(days = 0, from = Date.now()) {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Tirane', year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(new Date(from + days * 86400000))
      .map((x) => [x.type, x.value]),
  );
  return { iso: `${p.year}-${p.month}-${p.day}`, shown: `${p.day}.${p.month}.${p.year}`, d: String(Number(p.day)), m: String(Number(p.month)), y: p.year };
}

/* Fills a day/month/year group. */
export async function fillDate(group, { d, m, y }, words = { day: 'Day', month: 'Month', year: 'Year' }) {
  await group.getByLabel(words.day, { exact: true }).fill(d);
  await group.getByLabel(words.month, { exact: true }).fill(m);
  await group.getByLabel(words.year, { exact: true }).fill(y);
}

function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of text.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/* The six-digit code for `secret` at time step `step` (30 s steps), as an authenticator app. */
export function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(value).padStart(6, '0');
}
