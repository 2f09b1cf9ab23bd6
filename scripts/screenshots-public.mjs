// Screenshots of the public report form for the README (after make; build/ura, Debian's
// chromium): the form as a phone shows it, the quick exit at the top, and the receipt page.
//   node scripts/screenshots-public.mjs            into docs/screenshots
//   node scripts/screenshots-public.mjs --all DIR  every page at 360 and 1280 px in each language
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, Server, buildWorld, launchBrowser } from '../tests/e2e/harness.mjs';

const all = process.argv[2] === '--all';
const out = all ? process.argv[3] : join(REPO, 'docs/screenshots');
if (!out) {
  console.error('usage: node scripts/screenshots-public.mjs [--all DIR]');
  process.exit(2);
}
mkdirSync(out, { recursive: true });

const server = await new Server().start();
const world = await buildWorld(server);
const browser = await launchBrowser();

async function shot(name, lang, width, then) {
  const page = await browser.newPage({ viewport: { width, height: width < 500 ? 780 : 900 } });
  await page.goto(`${server.url}/report?lang=${lang}`);
  if (then) await then(page);
  await page.screenshot({ path: join(out, `${name}-${lang}-${width}.png`), fullPage: all });
  await page.close();
}

/* Sends a report the way a person does (the labels are the page's, in English). */
async function sendReport(page) {
  await page.getByRole('radio', { name: 'A hate incident (attacked or threatened for who you are)' }).check();
  await page.getByRole('checkbox', { name: 'Gender identity' }).check();
  await page.getByLabel('Municipality').selectOption({ label: world.municipality.name });
  await page.getByRole('button', { name: 'Send the report' }).click();
  await page.locator('#receipt').waitFor();
}

if (all) {
  for (const lang of ['sq', 'en', 'sr-Latn'])
    for (const width of [360, 1280]) {
      await shot('public-form', lang, width);
      await shot('public-status', lang, width, (page) => page.goto(`${server.url}/report/status?lang=${lang}`));
    }
} else {
  await shot('public-form', 'sq', 360);
}
for (const width of all ? [360, 1280] : [360]) await shot('public-receipt', 'en', width, sendReport);
await browser.close();
await server.close();
