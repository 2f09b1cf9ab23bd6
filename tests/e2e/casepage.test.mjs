// The case as a whole: its header, who works on it (a manager assigns, a caseworker takes it),
// two people editing at once (If-Match: the second is told what changed and keeps what she
// typed; nothing is overwritten silently), a transfer to another municipality, and closing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWorld, unique } from './harness.mjs';
import { apiAs, assertNoProblems, caseTab, fact, openCase, registerCase, survivor, useWorld } from './support.mjs';

let world, people;
useWorld(buildWorld, (w) => ({ world, people } = w));

const newCase = async (user = world.users.police, extra = {}) => registerCase(world, user, extra);

test('the case header, and assigning the case: a manager assigns a caseworker, a caseworker takes one', async () => {
  const given = await newCase();
  const taken = await newCase();
  const page = await people.page(world.users.policeManager);
  await openCase(page, given);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), `Case ${given.reference}`);
  await page.getByText('Risk: Not assessed', { exact: true }).waitFor();
  await page.getByText('Open', { exact: true }).first().waitFor();
  await page.getByText('Domestic violence', { exact: true }).waitFor();
  assert.equal(await fact(page, 'Owner institution').innerText(), 'Policia Korçë');
  assert.equal(await fact(page, 'Mechanism').innerText(), world.mechanism.name);
  assert.equal(await fact(page, 'Assigned worker').innerText(), 'Not assigned');

  await caseTab(page, 'Manage');
  const who = page.getByLabel('Who works on this case');
  await who.waitFor();
  assert.deepEqual(await who.locator('option').allInnerTexts(), ['Not assigned', 'Oficere Policie', 'Drejtuesi i Policisë'], 'a manager may give it to anyone of the institution');
  await who.selectOption({ label: 'Oficere Policie' });
  await page.getByRole('region', { name: 'Assigned worker' }).getByRole('button', { name: 'Save' }).click();
  await fact(page, 'Assigned worker').getByText('Oficere Policie').waitFor();
  assertNoProblems(page);

  const worker = await people.page(world.users.police);
  await openCase(worker, taken, 'manage');
  const mine = worker.getByLabel('Who works on this case');
  await mine.waitFor();
  assert.deepEqual(await mine.locator('option').allInnerTexts(), ['Not assigned', 'Oficere Policie'], 'a caseworker may only take the case herself');
  await mine.selectOption({ label: 'Oficere Policie' });
  await worker.getByRole('region', { name: 'Assigned worker' }).getByRole('button', { name: 'Save' }).click();
  await fact(worker, 'Assigned worker').getByText('You', { exact: true }).waitFor();
  assertNoProblems(worker);

  const api = await apiAs(world, world.users.police);
  assert.equal((await api.get(`/cases/${given.id}`)).assigned_user_id, world.users.police.id);
  assert.equal((await api.get(`/cases/${taken.id}`)).assigned_user_id, world.users.police.id);
});

test('two people edit the case at once: the second is told what changed, keeps what she typed, and saves again', async () => {
  const doc = await newCase();
  const phone = '+355 69 777 1234', address = unique('Rruga e Kavajës ');
  const first = await people.page(world.users.police);
  const second = await people.page(world.users.policeManager);
  for (const page of [first, second]) {
    await openCase(page, doc);
    await page.getByRole('link', { name: 'Edit the people in the case' }).click();
    await page.getByRole('heading', { level: 2, name: 'Edit the people in the case' }).waitFor();
  }
  await first.getByLabel('Phone', { exact: true }).fill(phone);
  await first.getByRole('button', { name: 'Save', exact: true }).click();
  await fact(first, 'Phone').getByText(phone).waitFor();

  await second.getByLabel('Address', { exact: true }).fill(address);
  await second.getByRole('button', { name: 'Save', exact: true }).click();
  const conflict = second.getByRole('alert').filter({ hasText: 'Someone else changed this case while you were editing' });
  await conflict.waitFor();
  assert.match(await conflict.innerText(), new RegExp(`Phone: ${phone.replace(/\+/g, '\\+')}`), 'it says what the other person changed');
  assert.equal(await second.getByLabel('Address', { exact: true }).inputValue(), address, 'what she typed is still in the form');
  assert.equal((await (await apiAs(world, world.users.police)).get(`/cases/${doc.id}`)).survivor.address, doc.survivor.address, 'nothing of hers was saved yet');

  await second.getByRole('button', { name: 'Save', exact: true }).click();
  await fact(second, 'Address').getByText(address).waitFor();
  const saved = await (await apiAs(world, world.users.police)).get(`/cases/${doc.id}`);
  assert.equal(saved.survivor.address, address, 'the second edit is saved');
  assert.equal(saved.survivor.phone, phone, 'the first edit was not overwritten');
  assertNoProblems(first);
  assertNoProblems(second, [`HTTP 412 PATCH /api/v1/cases/${doc.id}`]);
});

test('transfer: the owner asks, the receiving institution accepts in "Case transfers" and then owns the case', async () => {
  // Another municipality with its own mechanism, where the survivor has moved.
  const { admin } = world;
  const muni = await admin.post('/municipalities', { name: unique('Pogradec '), code: 'POG', region: 'Korçë', country: 'AL' });
  const receiving = await admin.post('/institutions', { name: unique('Shërbimi Social Pogradec '), type: 'social_services', municipality_id: muni.id, services: ['psychosocial'], languages: ['sq'] });
  const mechanism = await admin.post('/mechanisms', { name: unique('Mekanizmi Pogradec '), kind: 'domestic_violence', municipality_id: muni.id, memorandum_date: '2019-03-01', memorandum_ref: 'Nr. 3/2019' });
  await admin.post(`/mechanisms/${mechanism.id}/members`, { institution_id: receiving.id, joined_on: '2019-03-01' });
  const username = unique('pogr').toLowerCase();
  await admin.post('/users', { username, display_name: 'Punonjëse Pogradec', password: world.users.police.password, role: 'caseworker', institution_id: receiving.id, locale: 'en' });
  const receiver = { username, password: world.users.police.password };
  const doc = await newCase();

  const owner = await people.page(world.users.police);
  await owner.reload(); // the directory is read when the app starts: Pogradec is newer than this page
  await openCase(owner, doc, 'manage');
  const form = owner.getByRole('region', { name: 'Transfer the case' });
  await form.getByLabel('Mechanism that takes it over').selectOption({ label: mechanism.name });
  await form.getByLabel('Institution that takes it over').selectOption({ label: receiving.name });
  await form.getByLabel('Why').fill('She moved to Pogradec with the children');
  await form.getByRole('button', { name: 'Ask for the transfer' }).click();
  await owner.getByText('The transfer was requested.').waitFor();
  await owner.getByText(`${receiving.name} will accept or decline it.`).waitFor();
  assertNoProblems(owner);

  const page = await people.page(receiver);
  await page.getByRole('link', { name: '1 case transfers waiting' }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Referrals', exact: true }).click();
  await page.getByRole('link', { name: 'Case transfers' }).click();
  await page.getByRole('heading', { level: 1, name: 'Case transfers' }).waitFor();
  const card = page.getByRole('listitem').filter({ hasText: doc.reference });
  assert.match(await card.innerText(), /Pending/);
  assert.equal(await fact(card, 'From').innerText(), 'Policia Korçë');
  await card.getByRole('button', { name: 'Accept the case' }).click();
  await card.getByText('Accepted', { exact: true }).waitFor();
  await card.getByRole('link', { name: 'Open the case' }).click();
  await page.getByRole('heading', { level: 1, name: `Case ${doc.reference}` }).waitFor();
  assert.equal(await fact(page, 'Owner institution').innerText(), receiving.name);
  assert.equal(await fact(page, 'Mechanism').innerText(), mechanism.name);
  await page.getByRole('link', { name: 'Edit the people in the case' }).waitFor();
  assertNoProblems(page);

  const before = await apiAs(world, world.users.police);
  await before.call('GET', `/cases/${doc.id}`, undefined, { expect: 404 });
});

test('closing a case asks for the outcome and a confirmation; a closed case offers no writes', async () => {
  const doc = await newCase();
  const page = await people.page(world.users.police);
  await openCase(page, doc, 'manage');
  const close = page.getByRole('region', { name: 'Close the case' });
  await close.getByLabel('Goals met').check();
  await close.getByRole('button', { name: 'Close the case' }).click();
  await close.getByRole('alert').getByText('A closed case cannot be changed any more. Close it?').waitFor();
  assert.equal((await (await apiAs(world, world.users.police)).get(`/cases/${doc.id}`)).status, 'open', 'nothing happens before the confirmation');
  await close.getByRole('button', { name: 'Yes, close it' }).click();
  await fact(page, 'Outcome').getByText('Goals met').waitFor();
  await page.getByText('Closed', { exact: true }).first().waitFor();

  const parts = page.getByRole('navigation', { name: 'Parts of the case' });
  assert.equal(await parts.getByRole('link', { name: 'Manage' }).count(), 0, 'no Manage tab');
  assert.equal(await page.getByRole('link', { name: 'Edit the people in the case' }).count(), 0);
  for (const [tab, write] of [
    ['Incidents', 'Record another incident'],
    ['Risk', 'Assess the risk'],
    ['Protection orders', 'Request a protection order'],
    ['Plan', 'Add an action'],
    ['Referrals', 'Refer the case'],
    ['Notes', 'Write a note'],
  ]) {
    await caseTab(page, tab);
    await page.getByRole('heading', { level: 2, name: tab, exact: true }).waitFor();
    await page.getByText('Loading…').waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('button', { name: write }).count() + (await page.getByRole('heading', { name: write }).count()), 0, `${tab}: "${write}" is not offered`);
  }
  // The survivor may still withdraw her consent after the case is closed (domain/caseload.c).
  await caseTab(page, 'Consent');
  await page.getByRole('button', { name: 'Withdraw this consent' }).waitFor();
  assertNoProblems(page);
});
