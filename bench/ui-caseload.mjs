// How long a caseworker waits from pressing "Sign in" to a caseload of 500 cases on screen,
// in Debian's chromium against the real binary on SQLite, beside a baseline measured in the
// same run: the same API requests made straight from Node (sign-in, directory, the case pages),
// which is what the UI cannot beat. Prints both and their ratio; the median of N runs.
// Usage: node bench/ui-caseload.mjs [runs, default 5]     (make bench runs it)
import { Api, Server, buildWorld, chooseLanguage, launchBrowser, watch } from '../tests/e2e/harness.mjs';

const RUNS = Number(process.argv[2] || 5);
const CASES = 500;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await new Server().start();
const world = await buildWorld(server);
const police = await new Api(server.url).signIn(world.users.police);
for (let i = 0; i < CASES; i++)
  await police.post('/cases', {
    kind: 'domestic_violence',
    mechanism_id: world.mechanism.id,
    survivor: { given_name: `Emri${i}`, family_name: `Mbiemri${i}`, sex: 'female' },
    incident: { occurred_on: '2026-11-20', forms: ['physical'] },
  });

async function apiBaseline() {
  const t0 = performance.now();
  const api = await new Api(server.url).signIn(world.users.police);
  await Promise.all([api.get('/me'), api.get('/institutions?limit=500'), api.get('/mechanisms?limit=500'), api.get('/municipalities?limit=500')]);
  let cursor = null, n = 0;
  do {
    const page = await api.get(`/cases?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    n += page.items.length;
    cursor = page.next;
  } while (cursor);
  if (n !== CASES) throw new Error(`baseline read ${n} cases`);
  return performance.now() - t0;
}

const browser = await launchBrowser();
async function inBrowser() {
  const context = await browser.newContext();
  const page = watch(await context.newPage());
  await page.goto(`${server.url}/#/cases`);
  await chooseLanguage(page, 'en');
  await page.getByLabel('Username').fill(world.users.police.username);
  await page.getByLabel('Password').fill(world.users.police.password);
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
  const more = page.getByRole('button', { name: 'Show more' });
  const rows = () => page.evaluate(() => document.querySelectorAll('tbody tr').length);
  await page.waitForFunction(() => document.querySelectorAll('tbody tr').length > 0);
  for (let n = await rows(); n < CASES; n = await rows()) {
    await more.click();
    await page.waitForFunction((before) => document.querySelectorAll('tbody tr').length > before, n);
  }
  const elapsed = Date.now() - t0;
  if (page.problems.length) throw new Error(page.problems.join('\n'));
  await context.close();
  return elapsed;
}

const base = [], ui = [];
for (let i = 0; i < RUNS; i++) {
  base.push(await apiBaseline());
  ui.push(await inBrowser());
}
const b = median(base), u = median(ui);
console.log(`sign-in to a rendered caseload of ${CASES} cases (median of ${RUNS}):`);
console.log(`  baseline, the same API requests from Node   ${b.toFixed(0).padStart(6)} ms`);
console.log(`  browser UI (chromium, headless)             ${u.toFixed(0).padStart(6)} ms   ${(u / b).toFixed(2)}× the baseline`);
await browser.close();
await server.close();
