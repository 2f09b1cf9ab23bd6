// The frame of the app: the idle lock, the weight of the first load, how its files are
// served, and that the page holds no second path to data (everything goes through /api/v1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useWorld } from './support.mjs';
import { buildWorld, createCase, signIn, watch } from './harness.mjs';

let server, world, browser;
useWorld(buildWorld, (w) => ({ server, world, browser } = w));

test('after 15 idle minutes the screen locks, clears what it showed, and the password brings the screen back', async () => {
  const { doc } = await createCase(world, world.users.police);
  const name = doc.survivor.given_name;
  const context = await browser.newContext();
  const page = watch(await context.newPage());
  await page.clock.install();
  await page.goto(server.url);
  await page.getByRole('button', { name: 'English', exact: true }).click();
  await signIn(page, world.users.police);
  await page.goto(`${server.url}/#/cases/${doc.id}`);
  await page.getByText(name).first().waitFor();

  await page.clock.fastForward('14:00');
  assert.equal(await page.getByText(name).count() > 0, true, 'still open after 14 minutes');
  await page.mouse.move(10, 10);
  await page.keyboard.press('Shift'); // activity restarts the count
  await page.clock.fastForward('14:00');
  assert.equal(await page.getByRole('heading', { name: 'Ura is locked' }).count(), 0, 'activity keeps it open');

  // The lock shows at once; the session ends when requests under way have returned.
  const ended = page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'DELETE');
  await page.clock.fastForward('15:01');
  await page.getByRole('heading', { level: 1, name: 'Ura is locked' }).waitFor();
  await ended;
  assert.equal(await page.getByText(name).count(), 0, 'nothing of the case is left on the page');
  assert.equal(await page.evaluate((n) => document.body.innerHTML.includes(n), name), false);
  const session = await page.evaluate(() => fetch('/api/v1/session').then((r) => r.json()));
  assert.equal(session.user, null, 'the locked screen holds no live session');

  await page.getByLabel('Password').fill(world.users.police.password);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByText(name).first().waitFor();
  assert.match(page.url(), new RegExp(`#/cases/${doc.id}$`), 'back on the same screen');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the first load is at most 150 KB of compressed script and style, cached for good by name', async () => {
  const res = await fetch(server.url, { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(res.headers.get('cache-control'), 'no-cache');
  const html = await res.text();
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  assert.ok(assets.some((a) => a.endsWith('.js')) && assets.some((a) => a.endsWith('.css')), `script and style linked: ${assets}`);
  let total = 0;
  for (const path of assets) {
    // Node's fetch would decompress; ask over a raw request to count the bytes on the wire.
    const r = await fetch(`${server.url}${path}`, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(r.headers.get('content-encoding'), 'gzip', `${path} is sent compressed`);
    assert.equal(r.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const wire = Number(r.headers.get('content-length'));
    assert.ok(wire > 0, `${path} has a length`);
    total += wire;
    await r.arrayBuffer();
  }
  console.log(`first load: ${(total / 1024).toFixed(1)} KB compressed (script and style)`);
  assert.ok(total <= 150 * 1024, `${total} bytes`);
  const plain = await fetch(`${server.url}${assets[0]}`, { headers: { 'Accept-Encoding': 'identity' } });
  assert.equal(plain.headers.get('content-encoding'), null, 'a client without gzip gets the plain file');
  const missing = await fetch(`${server.url}/assets/nothing-here.js`);
  assert.equal(missing.status, 404);
});

test('the page reaches data only through /api/v1', async () => {
  const context = await browser.newContext();
  const page = watch(await context.newPage());
  await page.goto(server.url);
  await page.getByRole('button', { name: 'English', exact: true }).click();
  await signIn(page, world.users.social);
  await page.goto(`${server.url}/#/cases`);
  await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
  const paths = page.urls.map((u) => new URL(u)).filter((u) => u.origin === server.url).map((u) => u.pathname);
  const other = paths.filter((p) => !(p === '/' || p === '/favicon.svg' || p.startsWith('/assets/') || p.startsWith('/api/v1/')));
  assert.deepEqual(other, []);
  assert.ok(page.urls.every((u) => u.startsWith(server.url)), 'nothing is fetched from anywhere else');
  await context.close();
});
