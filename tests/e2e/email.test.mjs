// Notifications by e-mail, as people set them: the administrator gives a caseworker an
// address on the user's form; the caseworker sees it under My account and turns e-mails off
// (the notifications stay in Ura). Sending itself is tested against a real SMTP server in
// tests/api/test_email.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Api, settled } from './harness.mjs';
import { assertNoProblems, go, useWorld } from './support.mjs';
import { buildRolesWorld } from './roles.mjs';

let server, world, people;
useWorld(buildRolesWorld, (w) => ({ server, world, people } = w));

test('the administrator sets an address; the caseworker turns e-mails off under My account', async () => {
  const police = world.users.police;
  const admin = await people.page(world.users.admin);
  await go(admin, `/admin/users/${police.id}`);
  await settled(admin);
  await admin.getByLabel('E-mail').fill('not an address');
  await admin.getByRole('button', { name: 'Save' }).click();
  await admin.getByText('Not a valid e-mail address').first().waitFor();
  await admin.getByLabel('E-mail').fill('oficerja@example.org');
  await admin.getByRole('button', { name: 'Save' }).click();
  await admin.getByRole('status').getByText('Saved: Oficere Policie.').waitFor();
  assertNoProblems(admin, [`HTTP 422 PATCH /api/v1/users/${police.id}`]);

  const page = await people.page(police, { lang: 'en' });
  await go(page, '/account');
  await settled(page);
  const panel = page.getByRole('region', { name: 'Notifications by e-mail' });
  await panel.getByText('oficerja@example.org').waitFor();
  const wanted = panel.getByLabel('Send me notifications by e-mail too');
  assert.equal(await wanted.isChecked(), true, 'e-mails are on by default');
  await wanted.uncheck();
  await panel.getByRole('button', { name: 'Save' }).click();
  await panel.getByRole('status').getByText('Saved.').waitFor();
  const me = await (await new Api(server.url).signIn(police)).get('/me');
  assert.equal(me.email_notifications, false);
  assert.equal(me.email, 'oficerja@example.org');
  assertNoProblems(page);
});

test('without an address, My account says the notifications stay in Ura', async () => {
  const page = await people.page(world.users.legal, { lang: 'sq' });
  await go(page, '/account');
  await settled(page);
  const panel = page.getByRole('region', { name: 'Njoftimet me e-mail' });
  await panel.getByText('Llogaria juaj nuk ka adresë e-maili').waitFor();
  assert.equal(await panel.getByRole('checkbox').count(), 0);
  assertNoProblems(page);
});
