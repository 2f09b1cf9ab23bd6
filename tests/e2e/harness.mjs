// The browser tests' harness: a real `ura serve` on a fresh SQLite database, a world built
// through the API (municipality, institutions, a mechanism, staff of every kind), and Debian's
// chromium driven by playwright-core. Nothing is mocked and no browser is downloaded.
//
// Tests act as people do: they find things by label and role, never by CSS class.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import readline from 'node:readline';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, '../..');
const require = createRequire(join(REPO, 'web/package.json'));
export const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const URA_BIN = process.env.URA_BIN ? resolve(REPO, process.env.URA_BIN) : join(REPO, 'build/ura');
export const ADMIN = { username: 'admin', password: 'admin-password-for-browser-tests' };
export const PASSWORD = 'a-long-password-for-browser-tests';
const LISTENING = /^ura: listening on (http:\/\/127\.0\.0\.1:\d+)$/;
// The other line, before or after: the deadlines due at start are notified (a restart with a
// later clock has told what fell due before a test looks).
const SCANNED = 'ura: deadlines scanned';

/* Chromium as the probe of this machine starts it: no background traffic, no sandbox as root. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/* A database made by `ura init`, and `ura serve` on it. restart() keeps the port. */
export class Server {
  constructor({ env = {} } = {}) {
    this.dir = mkdtempSync(join(tmpdir(), 'ura-e2e-'));
    this.db = join(this.dir, 'ura.db');
    // Second factors are tested in the API suite; the browser tests sign in with passwords.
    // Password hashes at the lowest argon2id cost (1 MiB, one pass): sign-ins stay cheap.
    // The jobs at the server's priority: each start waits for their first rounds, which at
    // nice 19 wait behind the other suites' lanes (tests/api/harness.py TEST_SETTINGS).
    this.env = { URA_TOTP_REQUIRED_ROLES: 'none', URA_PASSWORD_HASH_MEMORY_KIB: '1024', URA_PASSWORD_HASH_PASSES: '1', URA_JOBS_NICE: '0', ...env };
    const init = spawnSync(URA_BIN, ['init', '--db', this.db], {
      env: { ...cleanEnv(), URA_ADMIN_USER: ADMIN.username, URA_ADMIN_PASSWORD: ADMIN.password },
      encoding: 'utf8',
    });
    if (init.status !== 0) throw new Error(`ura init failed: ${init.stderr}`);
  }

  async start({ now, listen = '127.0.0.1:0', env = {} } = {}) {
    const runEnv = { ...cleanEnv(), ...this.env, ...env };
    if (now) runEnv.URA_NOW = now;
    this.proc = spawn(URA_BIN, ['serve', '--db', this.db, '--listen', listen], { env: runEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    this.log = [];
    this.proc.stderr.on('data', (d) => this.log.push(String(d)));
    const lines = readline.createInterface({ input: this.proc.stdout });
    this.url = await new Promise((ok, fail) => {
      const guard = setTimeout(() => fail(new Error(`ura serve printed no listening line: ${this.log.join('')}`)), 30000);
      this.proc.once('exit', (code) => fail(new Error(`ura serve exited (${code}): ${this.log.join('')}`)));
      let url = null, scanned = false;
      lines.on('line', (line) => {
        const m = LISTENING.exec(line);
        if (m) url = m[1];
        scanned ||= line === SCANNED;
        if (url && scanned) {
          clearTimeout(guard);
          ok(url);
        }
      });
    });
    return this;
  }

  async stop() {
    if (!this.proc) return;
    const exited = new Promise((ok) => this.proc.once('exit', ok));
    this.proc.kill('SIGTERM');
    await exited;
    this.proc = null;
  }

  /* The same database on the same port, with another clock. */
  async restart(opts = {}) {
    const listen = this.url.replace('http://', '');
    await this.stop();
    return this.start({ ...opts, listen });
  }

  async close() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('URA_')));
}

/* An API client with a session (cookie and CSRF token), for building the world. */
export class Api {
  constructor(base) {
    this.base = base;
    this.cookie = null;
    this.csrf = null;
  }
  async call(method, path, body, { expect } = {}) {
    const headers = { Accept: 'application/json', 'Accept-Language': 'en' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.cookie) headers.Cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['X-CSRF-Token'] = this.csrf;
    if (this.ifMatch) headers['If-Match'] = this.ifMatch;
    const res = await fetch(`${this.base}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const data = text ? JSON.parse(text) : null;
    const ok = expect ? res.status === expect : res.ok;
    if (!ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return data;
  }
  get(path) {
    return this.call('GET', path);
  }
  post(path, body = {}, opts) {
    return this.call('POST', path, body, opts);
  }
  patch(path, body, ifMatch) {
    this.ifMatch = ifMatch;
    return this.call('PATCH', path, body).finally(() => (this.ifMatch = null));
  }
  async signIn({ username, password }) {
    const res = await fetch(`${this.base}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 201) throw new Error(`sign-in of ${username} → ${res.status}: ${await res.text()}`);
    this.cookie = res.headers.get('set-cookie').split(';')[0];
    this.csrf = (await res.json()).csrf_token;
    return this;
  }
}

let counter = 0;
/* A string no test run has used: tests look for their own strings in the answers. */
export function unique(prefix) {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

/*
 * The Korçë world: police, social services, a shelter, legal aid, a court and a CSO in one
 * domestic-violence mechanism, a hospital outside it, and their staff.
 */
export async function buildWorld(server) {
  const admin = await new Api(server.url).signIn(ADMIN);
  const code = `K${String.fromCharCode(65 + (counter++ % 26))}${String.fromCharCode(65 + Math.floor(Math.random() * 26))}`;
  const muni = await admin.post('/municipalities', { name: `Korçë ${code}`, code, region: 'Korçë', country: 'AL' });
  const inst = async (name, type, services, extra = {}) =>
    admin.post('/institutions', { name, type, municipality_id: muni.id, services, languages: ['sq'], ...extra });
  const institutions = {
    police: await inst('Policia Korçë', 'police', ['police_protection']),
    social: await inst('Shërbimi Social Korçë', 'social_services', ['psychosocial', 'economic_aid', 'child_protection']),
    shelter: await inst('Strehëza Korçë', 'shelter', ['shelter', 'psychosocial'], { capacity: 12 }),
    legal: await inst('Ndihma Juridike Korçë', 'legal_aid', ['legal_aid', 'protection_order']),
    court: await inst('Gjykata Korçë', 'court', ['protection_order']),
    cso: await inst('Qendra e Grave Korçë', 'cso', ['psychosocial', 'legal_aid']),
    hospital: await inst('Spitali Korçë', 'health', ['medical']),
  };
  const coordinator = await makeUser(admin, 'koord', 'coordinator', null, 'Koordinatorja');
  const mechanism = await admin.post('/mechanisms', {
    name: `Mekanizmi Korçë ${code}`,
    kind: 'domestic_violence',
    municipality_id: muni.id,
    coordinator_user_id: coordinator.id,
    memorandum_date: '2018-05-09',
    memorandum_ref: 'Nr. 1/2018',
  });
  for (const key of ['police', 'social', 'shelter', 'legal', 'court', 'cso'])
    await admin.post(`/mechanisms/${mechanism.id}/members`, { institution_id: institutions[key].id, joined_on: '2018-05-09' });
  const users = {
    admin: ADMIN,
    coordinator,
    police: await makeUser(admin, 'polic', 'caseworker', institutions.police.id, 'Oficere Policie'),
    policeManager: await makeUser(admin, 'drejt', 'manager', institutions.police.id, 'Drejtuesi i Policisë'),
    social: await makeUser(admin, 'social', 'caseworker', institutions.social.id, 'Punonjëse Sociale'),
    shelter: await makeUser(admin, 'streh', 'caseworker', institutions.shelter.id, 'Punonjëse Strehëze'),
    legal: await makeUser(admin, 'jurist', 'caseworker', institutions.legal.id, 'Juristja'),
    hospital: await makeUser(admin, 'mjek', 'caseworker', institutions.hospital.id, 'Mjekja'),
  };
  return { server, admin, municipality: muni, institutions, mechanism, users };
}

async function makeUser(admin, prefix, role, institutionId, displayName) {
  const username = unique(prefix).toLowerCase().slice(0, 40);
  const body = { username, display_name: displayName, password: PASSWORD, role, locale: 'sq' };
  if (institutionId) body.institution_id = institutionId;
  const u = await admin.post('/users', body);
  return { id: u.id, username, password: PASSWORD, displayName };
}

/* A case created through the API by `user`, with sensible defaults a test can override. */
export async function createCase(world, user, overrides = {}) {
  const api = await new Api(world.server.url).signIn(user);
  const body = {
    kind: 'domestic_violence',
    mechanism_id: world.mechanism.id,
    survivor: { given_name: unique('Drita'), family_name: unique('Hoxha'), sex: 'female', date_of_birth: '1991-03-14', phone: '+355 69 555 0101', address: unique('Rruga e Shkozës '), municipality_id: world.municipality.id },
    incident: { occurred_on: '2026-11-20', forms: ['physical', 'psychological'], place: 'home', narrative: unique('Narrative ') },
    consent: { given: true, method: 'written', institution_types: ['social_services', 'shelter', 'legal_aid'], categories: ['identity', 'contact', 'incident', 'children'] },
    ...overrides,
  };
  return { api, doc: await api.post('/cases', body) };
}

/* A page signed in as `user` in a new browser context, in `lang`. */
export async function signedInPage(browser, world, user, { lang = 'en', viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  const page = await context.newPage();
  watch(page);
  await page.goto(world.server.url);
  if (lang) await chooseLanguage(page, lang);
  await signIn(page, user, lang);
  return page;
}

const SIGN_IN = {
  en: { username: 'Username', password: 'Password', submit: 'Sign in' },
  sq: { username: 'Emri i përdoruesit', password: 'Fjalëkalimi', submit: 'Hyr' },
  'sr-Latn': { username: 'Korisničko ime', password: 'Lozinka', submit: 'Prijavi se' },
  tr: { username: 'Kullanıcı adı', password: 'Parola', submit: 'Oturum aç' },
  bs: { username: 'Korisničko ime', password: 'Lozinka', submit: 'Prijava' },
};
const LANGUAGE_NAMES = { sq: 'Shqip', en: 'English', 'sr-Latn': 'Srpski', tr: 'Türkçe', bs: 'Bosanski' };

export async function chooseLanguage(page, lang) {
  await page.getByRole('button', { name: LANGUAGE_NAMES[lang], exact: true }).click();
}

export async function signIn(page, user, lang = 'en') {
  const words = SIGN_IN[lang];
  await page.getByLabel(words.username).fill(user.username);
  await page.getByLabel(words.password).fill(user.password);
  await page.getByRole('button', { name: words.submit, exact: true }).click();
  await page.getByRole('navigation', { name: /Main|Kryesore|Glavna|Ana menü/ }).waitFor();
}

/*
 * Records what a page did that it must not: console errors, uncaught exceptions and CSP
 * violations, and every URL it asked for. page.problems lists the first three.
 */
export function watch(page) {
  page.problems = [];
  page.urls = [];
  page.on('console', (m) => {
    // A failed request is reported with its address by the response listener below.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) page.problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => page.problems.push(`exception: ${e.message}`));
  page.on('request', (r) => page.urls.push(r.url()));
  page.on('response', (r) => {
    if (r.status() >= 400) page.problems.push(`HTTP ${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  page.on('framenavigated', (f) => page.urls.push(f.url()));
  page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return page;
}

/*
 * axe-core on the page as it is: the serious and critical violations of the WCAG 2.x A/AA
 * rules, as readable lines. axe is put into the page once (through the DevTools protocol, which
 * the page's CSP does not govern) and stays for every screen of the single-page app.
 */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(() =>
    window.axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }))),
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).join('; ')}`);
}

/* Waits until the screen has its heading and nothing is still loading. */
export async function settled(page) {
  await page.locator('h1').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('.loading'));
}
