// Turkish and Bosnian (issue 16), as a front-line worker in Prizren meets them: the sign-in
// page switched to Türkçe, the shell and a case page in Turkish; the signed-in UI switched to
// Bosanski, kept in the account, with an untranslated key in English and no console error; a
// wrong password told in Turkish; and the public report form moved from Türkçe to Bosanski by
// its own links. Things are found by their role and label, in the language on screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, buildWorld, createCase, signedInPage, watch } from './harness.mjs';
import { apiAs, useWorld } from './support.mjs';

const labels = JSON.parse(readFileSync(join(REPO, 'data/labels.json'), 'utf8'));

let server, world, browser;
useWorld(buildWorld, (w) => ({ server, world, browser } = w));

test('the sign-in page switched to Türkçe signs in to a shell and a case page in Turkish', async () => {
  const { doc } = await createCase(world, world.users.police);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = watch(await context.newPage());
  await page.goto(server.url);
  await page.getByRole('group', { name: /Language|Gjuha/ }).getByRole('button', { name: 'Türkçe', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: "Ura'da oturum açın" }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'tr');
  assert.equal(await page.getByRole('button', { name: 'Türkçe', exact: true }).getAttribute('aria-pressed'), 'true');
  await page.getByLabel('Kullanıcı adı').fill(world.users.police.username);
  await page.getByLabel('Parola').fill(world.users.police.password);
  await page.getByRole('button', { name: 'Oturum aç', exact: true }).click();
  const nav = page.getByRole('navigation', { name: 'Ana menü' });
  await nav.waitFor();
  await page.getByRole('heading', { level: 1, name: 'Ana sayfa' }).waitFor();
  await nav.getByRole('link', { name: 'Vakalar', exact: true }).waitFor();

  await page.goto(`${server.url}/#/cases/${doc.id}`);
  await page.getByRole('heading', { level: 1, name: `Vaka ${doc.reference}` }).waitFor();
  const parts = page.getByRole('navigation', { name: 'Vakanın bölümleri' });
  await parts.getByRole('link', { name: 'Genel bakış', exact: true }).waitFor();
  await parts.getByRole('link', { name: 'Risk', exact: true }).waitFor();
  await page.getByText(labels.case_status[doc.status].tr, { exact: true }).first().waitFor();
  await page.getByText(labels.case_kind.domestic_violence.tr, { exact: true }).first().waitFor();
  assert.deepEqual(page.problems, [], 'no console error: a key Turkish lacks reads in English quietly');
  await context.close();
});

test('the signed-in UI switched to Bosanski keeps the choice in the account, English where a key is not translated', async () => {
  const user = world.users.social;
  const page = await signedInPage(browser, world, user, { lang: 'en' });
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH');
  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Bosanski', exact: true }).click();
  assert.equal((await saved).status(), 200);
  await page.getByRole('heading', { level: 1, name: 'Početna' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'bs');
  const nav = page.getByRole('navigation', { name: 'Glavna navigacija' });
  await nav.getByRole('link', { name: 'Slučajevi', exact: true }).waitFor();
  assert.equal((await apiAs(world, user).then((api) => api.get('/me'))).locale, 'bs');

  await page.getByRole('link', { name: 'Moj račun' }).click();
  // account.change_password has no Bosnian wording yet: it reads in English
  await page.getByRole('button', { name: 'Change the password' }).waitFor();
  await page.getByRole('button', { name: 'Odjava', exact: true }).click();
  await page.getByText('Odjavili ste se.').waitFor();
  await page.getByRole('heading', { level: 1, name: 'Prijavite se u Uru' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a wrong password is told in Turkish', async () => {
  const context = await browser.newContext();
  const page = watch(await context.newPage());
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Türkçe', exact: true }).click();
  await page.getByLabel('Kullanıcı adı').fill(world.users.legal.username);
  await page.getByLabel('Parola').fill('bu-parola-yanlis-olan-bir-parola');
  await page.getByRole('button', { name: 'Oturum aç', exact: true }).click();
  await page.getByRole('alert').getByText('Kullanıcı adı veya parola doğru değil').waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'Ana menü' }).count(), 0);
  await context.close();
});

test('the public report form in Türkçe, then Bosanski by its own language links', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/report?lang=tr`);
  await page.getByRole('heading', { level: 1, name: 'Bize ne olduğunu anlatın' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'tr');
  await page.getByRole('link', { name: 'Bu sayfadan çık' }).waitFor();
  await page.getByLabel('Belediye').waitFor();
  await page.getByRole('button', { name: 'Bildirimi gönder' }).waitFor();
  const languages = page.getByRole('navigation', { name: 'Dil' });
  assert.equal(await languages.getByRole('link').count(), 5);
  await languages.getByRole('link', { name: 'Bosanski' }).click();
  await page.getByRole('heading', { level: 1, name: 'Recite nam šta se desilo' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'bs');
  await page.getByLabel('Općina').waitFor();
  await page.getByRole('button', { name: 'Pošalji prijavu' }).waitFor();
  await context.close();
});
