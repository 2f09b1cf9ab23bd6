// The administrator: the users' list in each language; a municipality, an institution (a
// shelter, whose address the form calls confidential), a mechanism with its memorandum and
// coordinator, its members added and removed; a user created, disabled and enabled, given a
// new password and relieved of a lost second factor; one's own API token, shown once and
// revoked. The administrator's navigation holds no case screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Api, PASSWORD, settled, unique } from './harness.mjs';
import { assertNoProblems, fact, fillDate, go, totp, useWorld } from './support.mjs';
import { buildRolesWorld } from './roles.mjs';

let server, world, people;
useWorld(buildRolesWorld, (w) => ({ server, world, people } = w));

const MAIN = /^(Main|Kryesore|Glavna navigacija)$/;
const WORDS = {
  en: { nav: 'Users', role: 'Role', caseworker: 'Caseworker', institution: 'Institution', nav2: ['Home', 'Users', 'Institutions', 'Mechanisms', 'Municipalities', 'Reports', 'National view', 'API tokens', 'Data protection', 'Retention', 'Notifications'] },
  sq: { nav: 'Përdoruesit', role: 'Roli', caseworker: 'Menaxher rasti', institution: 'Institucioni', nav2: ['Kryefaqja', 'Përdoruesit', 'Institucionet', 'Mekanizmat', 'Bashkitë', 'Raportet', 'Pamja kombëtare', 'Tokenët e API-së', 'Mbrojtja e të dhënave', 'Ruajtja', 'Njoftimet'] },
  'sr-Latn': { nav: 'Korisnici', role: 'Uloga', caseworker: 'Voditelj slučaja', institution: 'Institucija', nav2: ['Početna', 'Korisnici', 'Institucije', 'Mehanizmi', 'Opštine', 'Izveštaji', 'Nacionalni pregled', 'API tokeni', 'Zaštita podataka', 'Čuvanje', 'Obaveštenja'] },
};

for (const lang of ['sq', 'en', 'sr-Latn']) {
  test(`the administrator lists the users by role and institution, in ${lang}; no case screen in the menu`, async () => {
    const w = WORDS[lang];
    const page = await people.page(world.users.admin, { lang });
    await go(page, '/');
    const nav = page.getByRole('navigation', { name: MAIN });
    assert.deepEqual((await nav.getByRole('link').allInnerTexts()).map((s) => s.trim()), w.nav2);
    await nav.getByRole('link', { name: w.nav, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: w.nav }).waitFor();
    await settled(page);
    await page.getByRole('link', { name: world.users.police.displayName }).waitFor();

    await page.getByLabel(w.role, { exact: true }).selectOption({ label: w.caseworker });
    await page.getByLabel(w.institution, { exact: true }).selectOption({ label: 'Policia Korçë' });
    await page.waitForURL(new RegExp(`role=caseworker&institution_id=${world.institutions.police.id}`));
    await settled(page);
    // The list read again for both filters: one row left.
    await page.getByRole('table').locator('tbody tr').nth(1).waitFor({ state: 'detached' });
    const names = await page.getByRole('table').locator('tbody tr td:first-child').allInnerTexts();
    assert.deepEqual(names, [world.users.police.displayName], 'the police caseworker only, not the police manager');
    assertNoProblems(page);
  });
}

test('a municipality is created, and its code changed', async () => {
  const page = await people.page(world.users.admin);
  await go(page, '/admin/municipalities');
  await page.getByRole('link', { name: 'New municipality' }).click();
  const name = unique('Gjakovë ');
  const code = `G${String.fromCharCode(65 + Math.floor(Math.random() * 26))}K`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Code', { exact: true }).fill('GJ');
  await page.getByLabel('Kosovo').check();
  await page.getByRole('button', { name: 'Save' }).click();
  // Two letters: the server says what is wrong, beside the field and in the summary.
  await page.getByRole('alert').getByRole('link', { name: /^Code: / }).waitFor();
  await page.getByLabel('Code', { exact: true }).fill(code.toLowerCase());
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText(`Saved: ${name}.`).waitFor();
  const row = page.getByRole('row').filter({ hasText: name });
  assert.match(await row.innerText(), new RegExp(`${code}\\s+—\\s+Kosovo`));

  await row.getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.getByLabel('Region').fill('Gjakovë');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText(`Saved: ${name}.`).waitFor();
  assert.match(await page.getByRole('row').filter({ hasText: name }).innerText(), /Gjakovë\s+Kosovo/);
  assertNoProblems(page, ['HTTP 422 POST /api/v1/municipalities']);
});

test("an institution is created; a shelter's address is called confidential on its form", async () => {
  const page = await people.page(world.users.admin);
  await go(page, '/admin/institutions/new');
  await page.getByRole('heading', { level: 1, name: 'New institution' }).waitFor();
  await settled(page);
  const name = unique('Strehëza e Re ');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Type').selectOption({ label: 'Shelter' });
  await page.getByText("A shelter's address is confidential").waitFor();
  await page.getByLabel('Municipality').selectOption({ label: world.municipality.name });
  await page.getByLabel('Address (confidential)').fill('Rruga e Fshehtë 1');
  const services = page.getByRole('group', { name: 'Services offered' });
  await services.getByLabel('Shelter', { exact: true }).check();
  await services.getByLabel('Psychosocial support').check();
  await page.getByRole('group', { name: 'Languages spoken' }).getByLabel('Serbian').check();
  await page.getByLabel('Capacity').fill('8');
  // Listed in the public directory, with opening hours the server checks.
  await page.getByLabel('List it in the public service directory').check();
  await page.getByText("A shelter's address is never listed.").waitFor();
  await page.getByLabel('Opening hours').fill('weekdays');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Write them like').first().waitFor();
  await page.getByLabel('Opening hours').fill('Mo-Fr 08:00-16:00; Sa 09:00-13:00');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText(`Saved: ${name}.`).waitFor();
  const row = page.getByRole('row').filter({ hasText: name });
  assert.match(await row.innerText(), /Shelter[\s\S]*Shelter, Psychosocial support\s+8/);

  // Anyone, without an account, finds the shelter in the directory: hours, never its address.
  const open = await fetch(`${server.url}/api/v1/public/directory?lang=en`);
  assert.equal(open.headers.get('set-cookie'), null);
  const text = await open.text();
  assert.ok(!text.includes('Rruga e Fshehtë'), "the shelter's address is in the public directory");
  const directory = JSON.parse(text);
  const org = directory.organizations.find((o) => o.name === name);
  assert.deepEqual(org.locations, []);
  const hours = directory.services.filter((x) => x.organization_id === org.id).map((x) => x.schedules.map((h) => `${h.byday} ${h.opens_at}-${h.closes_at}`));
  assert.deepEqual(hours, [['MO,TU,WE,TH,FR 08:00-16:00', 'SA 09:00-13:00'], ['MO,TU,WE,TH,FR 08:00-16:00', 'SA 09:00-13:00']]);

  // Who else reads it gets the shelter without its address.
  const made = (await world.admin.get('/institutions?limit=500')).items.find((i) => i.name === name);
  const social = await new Api(server.url).signIn(world.users.social);
  const seen = await social.get(`/institutions/${made.id}`);
  assert.equal(seen.address ?? null, null);
  assert.deepEqual(seen.withheld, ['address']);
  assertNoProblems(page, ['HTTP 422 POST /api/v1/institutions']);
});

test('a mechanism with its memorandum and coordinator; members added and removed', async () => {
  const page = await people.page(world.users.admin);
  const coordinator = await world.admin.post('/users', { username: unique('koord').toLowerCase(), display_name: unique('Koordinatore '), password: PASSWORD, role: 'coordinator' });
  await go(page, '/admin/mechanisms/new');
  await page.getByRole('heading', { level: 1, name: 'New mechanism' }).waitFor();
  await settled(page);
  const name = unique('Mekanizmi kundër krimeve nga urrejtja ');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Kind').selectOption({ label: 'Hate crime' });
  await page.getByLabel('Municipality').selectOption({ label: world.municipality.name });
  await page.getByLabel('Coordinator').selectOption({ label: `${coordinator.display_name} (${coordinator.username})` });
  await fillDate(page.getByRole('group', { name: 'Date of the memorandum of agreement' }), { d: '17', m: '5', y: '2024' });
  await page.getByLabel('Reference of the memorandum').fill('Nr. 12/2024');
  await page.getByLabel('Regular meetings a year, at least').fill('6');
  await page.getByLabel(/Count matches across the border/).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText(`Saved: ${name}.`).waitFor();
  assert.match(await page.getByRole('row').filter({ hasText: name }).innerText(), /Hate crime[\s\S]*Nr\. 12\/2024, 17\.05\.2024\s+6/);

  await page.getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await settled(page);
  assert.equal(await page.getByLabel('Time zone').inputValue(), 'Europe/Tirane', 'a mechanism in Albania keeps Tirana time');
  const members = page.getByRole('region', { name: 'Member institutions' });
  await members.getByText('No member institution yet.').waitFor();
  for (const [inst, type] of [['Policia Korçë', 'Police'], ['Qendra e Grave Korçë', 'Civil society organisation']]) {
    await members.getByRole('button', { name: 'Add a member institution' }).click();
    await members.getByLabel('Institution', { exact: true }).selectOption({ label: `${inst} (${type})` });
    await fillDate(members.getByRole('group', { name: 'Member since' }), { d: '1', m: '6', y: '2024' });
    await members.getByRole('button', { name: 'Add a member institution' }).click();
    await members.getByRole('row').filter({ hasText: inst }).waitFor();
  }
  assert.match(await members.getByRole('row').filter({ hasText: 'Policia Korçë' }).innerText(), /Police\s+01\.06\.2024/);
  await members.getByRole('button', { name: 'Remove Policia Korçë' }).click();
  await members.getByText('Remove Policia Korçë from the mechanism?', { exact: false }).waitFor();
  await members.getByRole('button', { name: 'Yes, remove it' }).click();
  await members.getByRole('row').filter({ hasText: 'Policia Korçë' }).waitFor({ state: 'detached' });
  assert.equal(await members.getByRole('row').filter({ hasText: 'Qendra e Grave Korçë' }).count(), 1);
  assertNoProblems(page);
});

test('a user is created for an institution, disabled, enabled, given a new password and relieved of a lost second factor', async () => {
  const page = await people.page(world.users.admin);
  await go(page, '/admin/users/new');
  await page.getByRole('heading', { level: 1, name: 'New user' }).waitFor();
  await settled(page);
  const username = unique('punonjese').toLowerCase();
  const displayName = unique('Punonjëse e Re ');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Name shown').fill(displayName);
  await page.getByLabel('Role').selectOption({ label: 'Caseworker' });
  await page.getByRole('button', { name: 'Suggest a password' }).click();
  const first = await page.getByLabel('First password').inputValue();
  assert.equal(first.length, 16);
  await page.getByRole('button', { name: 'Create the account' }).click();
  // A caseworker needs an institution: the server says so beside the field.
  await page.getByRole('alert').getByRole('link', { name: /^Institution: / }).waitFor();
  await page.getByLabel('Institution', { exact: true }).selectOption({ label: 'Shërbimi Social Korçë' });
  await page.getByRole('button', { name: 'Create the account' }).click();
  await page.getByText(`Saved: ${displayName}.`).waitFor();
  // She signs in and turns on two-step verification; later she loses her phone.
  const her = await new Api(server.url).signIn({ username, password: first });
  const { secret } = await her.post('/me/totp');
  await her.post('/me/totp/confirm', { code: totp(secret, Math.floor(Date.now() / 30000)) });

  await page.getByRole('link', { name: displayName }).click();
  await page.getByRole('heading', { level: 1, name: displayName }).waitFor();
  await settled(page);
  assert.equal(await fact(page, 'Status').innerText(), 'Active');
  assert.equal(await fact(page, 'Two-step verification').innerText(), 'On');
  await page.getByRole('button', { name: 'Disable the account' }).click();
  await page.getByRole('button', { name: 'Yes, disable it' }).click();
  await page.getByRole('region', { name: 'Access' }).getByText('The person cannot sign in.').waitFor();
  await assert.rejects(new Api(server.url).signIn({ username, password: first }), /401/);
  await page.getByRole('button', { name: 'Enable the account' }).click();
  await page.getByRole('button', { name: 'Yes, enable it' }).click();
  await page.getByRole('region', { name: 'Access' }).getByText('The person can sign in.').waitFor();

  const reset = page.getByRole('region', { name: 'Set a new password' });
  await reset.getByLabel('New password').fill('short');
  await reset.getByRole('button', { name: 'Set the password' }).click();
  await reset.getByRole('alert').waitFor();
  const second = 'a-new-password-for-her-first-day';
  await reset.getByLabel('New password').fill(second);
  await reset.getByRole('button', { name: 'Set the password' }).click();
  await reset.getByText('The new password is set.').waitFor();
  await reset.getByText(second).waitFor();
  await assert.rejects(new Api(server.url).signIn({ username, password: first }), /401/);
  const again = await new Api(server.url).signIn({ username, password: second }).catch((e) => e);
  assert.match(String(again), /401/, 'with two-step verification on, a password alone does not sign in');

  const twoStep = page.getByRole('region', { name: 'Two-step verification' });
  await twoStep.getByRole('button', { name: 'Remove two-step verification' }).click();
  await twoStep.getByRole('button', { name: 'Yes, remove it' }).click();
  await twoStep.getByText('Off for this account.').waitFor();
  assert.equal(await fact(page, 'Two-step verification').innerText(), 'Off');
  await new Api(server.url).signIn({ username, password: second });
  assertNoProblems(page, ['HTTP 422 POST /api/v1/users', 'HTTP 422 PATCH /api/v1/users']);
});

test("one's own API token is shown once, works, and is revoked", async () => {
  const page = await people.page(world.users.admin);
  await go(page, '/');
  await page.getByRole('navigation', { name: MAIN }).getByRole('link', { name: 'API tokens' }).click();
  await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
  await settled(page);
  const name = unique('Statistikat ');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Create the token' }).click();
  await page.getByText(`The token ${name} was created`).waitFor();
  const token = (await page.locator('#token-secret').innerText()).trim();
  const res = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200, 'the token works');
  const row = page.getByRole('row').filter({ hasText: name });
  assert.match(await row.innerText(), /Active/);

  await go(page, '/tokens');
  await settled(page);
  assert.equal(await page.getByText(token).count(), 0, 'shown once only');
  await page.getByRole('button', { name: `Revoke ${name}` }).click();
  await page.getByRole('button', { name: 'Yes, revoke it' }).click();
  await page.getByRole('row').filter({ hasText: name }).getByText('Revoked').waitFor();
  const after = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(after.status, 401, 'a revoked token no longer works');
  assertNoProblems(page);
});
