// Two-step sign-in in the browser, with the shipped defaults (administrators and auditors must
// have a second factor): the first sign-in asks to enrol, the QR code and the key are shown, a
// code from the authenticator (computed here, RFC 6238) turns it on, the recovery codes are
// shown once; the next sign-in asks for a code.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, Server, chooseLanguage, launchBrowser, watch } from './harness.mjs';
import { totp } from './support.mjs';

let server, browser;
before(async () => {
  server = await new Server({ env: { URA_TOTP_REQUIRED_ROLES: 'admin,auditor' } }).start();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function fillSignIn(page) {
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('an administrator enrols a second factor at first sign-in, then signs in with a code', async () => {
  const context = await browser.newContext();
  const page = watch(await context.newPage());
  await page.goto(server.url);
  await chooseLanguage(page, 'en');
  await fillSignIn(page);

  await page.getByRole('heading', { level: 1, name: 'Set up two-step verification' }).waitFor();
  await page.getByRole('img', { name: 'QR code for the authenticator app' }).waitFor();
  const secret = (await page.locator('code.secret').innerText()).trim();
  assert.match(secret, /^[A-Z2-7]{16,}$/);
  const now = Math.floor(Date.now() / 1000 / 30);
  await page.getByLabel('Six-digit code').fill(totp(secret, now));
  await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
  await page.getByText('Two-step verification is on').waitFor();
  const codes = await page.getByRole('listitem').allInnerTexts();
  assert.equal(codes.length, 10, 'ten recovery codes, shown once');
  await page.getByRole('button', { name: /I have kept the codes/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();

  // Next time: the password, then the code (the one after the step already used).
  await fillSignIn(page);
  await page.getByLabel('Six-digit code').waitFor();
  await page.getByLabel('Six-digit code').fill('000000');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('alert').getByText('The code is not right').waitFor();
  await page.getByLabel('Six-digit code').fill(codes[0].trim());
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  assert.deepEqual(page.problems.filter((p) => !/^HTTP 401 POST \/api\/v1\/session$/.test(p)), [], 'only the refused sign-ins failed');
  await context.close();
});
