// Signing in and out, the wrong-password and throttle messages, the ended-session message, a
// change of one's own password, and the language switch, as a person does them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useWorld } from './support.mjs';
import { buildWorld, chooseLanguage, signedInPage, signIn, watch } from './harness.mjs';

let server, world, browser;
useWorld(buildWorld, (w) => ({ server, world, browser } = w));

for (const [lang, home, signOut, signedOut] of [
  ['sq', 'Kryefaqja', 'Dil', 'Keni dalë nga Ura.'],
  ['en', 'Home', 'Sign out', 'You have signed out.'],
  ['sr-Latn', 'Početna', 'Odjava', 'Odjavili ste se.'],
]) {
  test(`sign in and out in ${lang}`, async () => {
    const page = await signedInPage(browser, world, world.users.police, { lang });
    await page.getByRole('heading', { level: 1, name: home }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
    await page.getByRole('button', { name: signOut, exact: true }).click();
    await page.getByText(signedOut).waitFor();
    await page.reload();
    assert.equal(await page.getByRole('navigation', { name: /Main|Kryesore|Glavna/ }).count(), 0, 'signed out stays signed out after a reload');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}

test('a wrong password is told plainly, and does not sign in', async () => {
  const context = await browser.newContext();
  const page = watch(await context.newPage());
  await page.goto(server.url);
  await chooseLanguage(page, 'en');
  await page.getByLabel('Username').fill(world.users.social.username);
  await page.getByLabel('Password').fill('not-the-password-at-all');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('alert').getByText('The username or the password is not right').waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0);
  await context.close();
});

test('after too many wrong passwords the throttle says how long to wait', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await chooseLanguage(page, 'en');
  await page.getByLabel('Username').fill(world.users.legal.username);
  for (let i = 0; i < 6; i++) {
    await page.getByLabel('Password').fill(`wrong-password-${i}-xxxxxx`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').waitFor();
  }
  const alert = page.getByRole('alert');
  await alert.getByText('Too many attempts').waitFor();
  assert.match(await alert.innerText(), /Try again in \d+ minutes/);
  await context.close();
});

test('the reloaded page keeps the session and can still write (the CSRF token is asked again)', async () => {
  const page = await signedInPage(browser, world, world.users.social);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  await page.getByRole('link', { name: 'My account' }).click();
  await page.getByLabel('Current password').fill(world.users.social.password);
  await page.getByLabel('New password', { exact: true }).fill('a-new-long-password-of-social');
  await page.getByLabel('New password again').fill('a-new-long-password-of-social');
  await page.getByRole('button', { name: 'Change the password' }).click();
  await page.getByText('Your password was changed.').waitFor();
  world.users.social.password = 'a-new-long-password-of-social';
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a session the server ended brings the sign-in page with the ended-session message', async () => {
  const page = await signedInPage(browser, world, world.users.shelter);
  // Thirteen hours later every session is past its absolute lifetime.
  await server.restart({ now: new Date(Date.now() + 13 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z') });
  await page.getByRole('link', { name: 'Cases', exact: true }).click();
  await page.getByText('Your session has ended. Sign in again to continue.').waitFor();
  await signIn(page, world.users.shelter);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await server.restart();
  await page.context().close();
});

test('the language can be switched at any time, and Ura remembers only that', async () => {
  const page = await signedInPage(browser, world, world.users.police, { lang: 'sq' });
  await page.getByRole('link', { name: 'Rastet', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Rastet' }).waitFor();
  await chooseLanguage(page, 'sr-Latn');
  await page.getByRole('heading', { level: 1, name: 'Slučajevi' }).waitFor();
  await chooseLanguage(page, 'en');
  await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
  const stored = await page.evaluate(() => ({ ...localStorage }));
  assert.deepEqual(stored, { 'ura.lang': 'en' });
  await page.context().close();
});
