// The public report form (/report), as a frightened person on a shared phone meets it: it works
// without JavaScript and with it, never sets a cookie or keeps anything in the browser, hands
// out a receipt once, and its quick exit (the button, or Shift pressed three times) leaves no
// history entry to go back to and no Referer for the neutral site to see. axe-core finds no
// serious or critical violation on any of its pages in any language.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { Server, axeViolations, buildWorld, launchBrowser } from './harness.mjs';

const RECEIPT = /^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/;
const LANGS = ['sq', 'en', 'sr-Latn', 'tr', 'bs'];

let server, world, browser, neutral;

/* The neutral site the quick exit goes to: a real HTTP server on loopback that remembers the
 * Referer each request carried. */
function startNeutralSite() {
  const seen = [];
  const site = createServer((req, res) => {
    if (req.url === '/favicon.ico') {
      res.writeHead(404).end();
      return;
    }
    seen.push({ path: req.url, referer: req.headers.referer ?? null });
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><title>Weather</title><h1>Weather ${req.url}</h1></html>`);
  });
  return new Promise((ok) =>
    site.listen(0, '127.0.0.1', () => ok({ site, seen, url: `http://127.0.0.1:${site.address().port}` })),
  );
}

before(async () => {
  neutral = await startNeutralSite();
  server = await new Server({ env: { URA_REPORT_EXIT_URL: `${neutral.url}/weather` } }).start();
  world = await buildWorld(server);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  neutral?.site.close();
});

/* A browser context as a private window is, watching every answer for a cookie. */
async function freshContext({ javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 800 } });
  const cookieHeaders = [];
  context.on('response', (res) => {
    const setCookie = res.headers()['set-cookie'];
    if (setCookie) cookieHeaders.push(`${res.url()}: ${setCookie}`);
  });
  return { context, cookieHeaders };
}

/* Fills the least a report needs, the way a person does, and sends it. */
async function sendReport(page, description) {
  await page.getByRole('radio', { name: 'Violence in the family' }).check();
  await page.getByRole('checkbox', { name: 'Psychological violence' }).check();
  await page.getByLabel('Municipality').selectOption({ label: world.municipality.name });
  await page.getByLabel(/Describe what happened/).fill(description);
  await page.getByRole('button', { name: 'Send the report' }).click();
  await page.getByRole('heading', { name: 'Your report was sent' }).waitFor();
  const receipt = (await page.locator('#receipt').textContent()).trim();
  assert.match(receipt, RECEIPT);
  assert.ok(!page.url().includes(receipt.slice(0, 4)), 'the receipt is never in an address');
  return receipt;
}

/* Follows the receipt page's link to the status page and asks with the receipt. */
async function readStatus(page, receipt) {
  await page.getByRole('link', { name: 'See the status of a report' }).click();
  await page.getByLabel('Your code').fill(receipt.toLowerCase().replaceAll('-', ' '));
  await page.getByRole('button', { name: 'Show the status' }).click();
  await page.getByRole('heading', { name: 'The status of your report' }).waitFor();
  return page.locator('main').innerText();
}

for (const javaScriptEnabled of [false, true]) {
  test(`a report is sent ${javaScriptEnabled ? 'with' : 'without'} JavaScript: a receipt, its status, no cookie, nothing kept`, async () => {
    const { context, cookieHeaders } = await freshContext({ javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(`${server.url}/report?lang=en`);
    assert.equal(await page.title(), 'Report', 'the title is neutral');
    const receipt = await sendReport(page, `Shouting every night (${javaScriptEnabled ? 'js' : 'no js'})`);
    const status = await readStatus(page, receipt);
    assert.match(status, /Status\s+Received/);
    assert.match(status, /Message for you\s+No message yet\./);
    assert.ok(!status.includes('Shouting every night'), 'the status page shows status and message only');
    assert.deepEqual(await context.cookies(), []);
    assert.deepEqual(cookieHeaders, [], 'no answer sets a cookie');
    if (javaScriptEnabled) {
      const stored = await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie]);
      assert.deepEqual(stored, [0, 0, '']);
    }
    await context.close();
  });
}

test('without JavaScript the quick exit is a plain link to the neutral site, with no Referer', async () => {
  const { context } = await freshContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/report?lang=sq`);
  const exit = page.getByRole('link', { name: 'Dil nga faqja' });
  assert.equal(await exit.getAttribute('href'), `${neutral.url}/weather`);
  assert.equal(await exit.getAttribute('rel'), 'noreferrer');
  const before = neutral.seen.length;
  await exit.click();
  await page.waitForURL(`${neutral.url}/weather`);
  assert.deepEqual(neutral.seen.slice(before), [{ path: '/weather', referer: null }]);
  await context.close();
});

/* Opens /report from a page of the neutral site, so there is a page before it in the history. */
async function reportAfterAnotherPage(context) {
  const page = await context.newPage();
  await page.goto(`${neutral.url}/before`);
  await page.goto(`${server.url}/report?lang=en`);
  await page.getByRole('heading', { name: 'Tell us what happened' }).waitFor();
  const historyLength = await page.evaluate(() => history.length);
  return { page, historyLength };
}

async function assertLeftWithoutTrace(page, historyLength) {
  await page.waitForURL(`${neutral.url}/weather`);
  const visit = neutral.seen.findLast((s) => s.path === '/weather');
  assert.equal(visit.referer, null, 'the neutral site is not told where the person came from');
  assert.equal(await page.evaluate(() => history.length), historyLength, 'the report page was replaced, not left behind');
  await page.goBack();
  assert.equal(page.url(), `${neutral.url}/before`, 'Back goes to the page before the form, not to it');
}

test('the quick exit button replaces the page: Back does not return to the form', async () => {
  const { context } = await freshContext();
  const { page, historyLength } = await reportAfterAnotherPage(context);
  await page.getByLabel(/Describe what happened/).fill('half-typed words');
  await page.getByRole('link', { name: 'Exit this page' }).click();
  await assertLeftWithoutTrace(page, historyLength);
  await context.close();
});

test('pressing Shift three times leaves the same way, from anywhere on the form', async () => {
  const { context } = await freshContext();
  const { page, historyLength } = await reportAfterAnotherPage(context);
  await page.getByLabel('Where, more exactly?').focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
  await assertLeftWithoutTrace(page, historyLength);
  await context.close();
});

test('two Shift presses with other keys between do not leave', async () => {
  const { context } = await freshContext();
  const { page } = await reportAfterAnotherPage(context);
  await page.getByLabel('Where, more exactly?').focus();
  await page.keyboard.press('Shift');
  await page.keyboard.press('Shift');
  await page.keyboard.type('Tirana');
  await page.keyboard.press('Shift');
  assert.equal(await page.getByLabel('Where, more exactly?').inputValue(), 'Tirana');
  assert.ok(page.url().startsWith(`${server.url}/report`), 'still on the form');
  await context.close();
});

test('axe finds no serious or critical violation on the form, its errors, the receipt and the status page, in every language', async () => {
  const { context } = await freshContext();
  const page = await context.newPage();
  const found = [];
  const check = async (name) => {
    for (const v of await axeViolations(page)) found.push(`${name}: ${v}`);
  };
  for (const lang of LANGS) {
    await page.goto(`${server.url}/report?lang=${lang}`);
    await check(`form ${lang}`);
    // The server's own answer to a form without what it needs: the browser's checks are off,
    // as they are in a browser that has none.
    await page.evaluate(() => {
      document.querySelector('form').noValidate = true;
    });
    await page.locator('button[type=submit]').click();
    await page.getByRole('alert').waitFor();
    await check(`form with errors ${lang}`);
    await page.goto(`${server.url}/report/status?lang=${lang}`);
    await check(`status ${lang}`);
  }
  await page.goto(`${server.url}/report?lang=en`);
  await sendReport(page, 'For the accessibility check');
  await check('receipt');
  assert.deepEqual(found, []);
  await context.close();
});

test('a form sent without what it needs comes back with the errors linked to their fields and the typed words kept', async () => {
  const { context } = await freshContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/report?lang=sq`);
  await page.getByLabel(/Përshkruani çfarë ndodhi/).fill('Fjalët e mia');
  await page.evaluate(() => {
    document.querySelector('form').noValidate = true;
  });
  await page.getByRole('button', { name: 'Dërgo raportimin' }).click();
  const summary = page.getByRole('alert');
  await summary.getByRole('heading', { name: 'Ka një problem' }).waitFor();
  assert.ok((await summary.getByRole('link').count()) >= 2, 'each missing field is named and linked');
  assert.equal(await page.getByLabel(/Përshkruani çfarë ndodhi/).inputValue(), 'Fjalët e mia');
  await context.close();
});
