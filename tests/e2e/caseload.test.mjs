// The caseload as a caseworker meets it: the list and its filters, the home page's counts and
// referral inbox with the time left to answer (and an overdue referral once the clock has moved
// on), the notifications with their unread count, and finding a person by name or number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWorld, unique } from './harness.mjs';
import { apiAs, assertNoProblems, dayIn, fillDate, go, iso, memberInstitution, openAs, registerCase, survivor, useWorld } from './support.mjs';

let server, world, browser, people;
useWorld(buildWorld, (w) => ({ server, world, browser, people } = w));

/* The case references the list shows now. */
async function listed(page) {
  return page.getByRole('table').getByRole('link').allInnerTexts();
}

/* Applies one filter and waits until `shown` are listed and `hidden` are not. */
async function filterBy(page, label, option, shown, hidden) {
  const form = page.getByRole('form', { name: 'Filter the list' });
  await form.getByLabel(label, { exact: true }).selectOption({ label: option });
  await form.getByRole('button', { name: 'Apply' }).click();
  for (const ref of hidden) await page.getByRole('link', { name: ref, exact: true }).waitFor({ state: 'detached' });
  for (const ref of shown) await page.getByRole('link', { name: ref, exact: true }).waitFor();
}

test('the caseload filters by status, risk level, kind, overdue items and who it is assigned to', async () => {
  const police = world.users.police;
  const api = await apiAs(world, police);
  // A second mechanism of another kind, so the kind filter has something to tell apart.
  const gbv = await world.admin.post('/mechanisms', {
    name: unique('Mekanizmi GBV '), kind: 'gbv', municipality_id: world.municipality.id, memorandum_date: '2019-01-10', memorandum_ref: 'Nr. 2/2019',
  });
  await world.admin.post(`/mechanisms/${gbv.id}/members`, { institution_id: world.institutions.police.id, joined_on: '2019-01-10' });
  const make = async (extra = {}) => registerCase(world, police, extra);

  const [instrument] = (await api.get('/instruments?kind=domestic_violence')).items;
  let high = await make();
  await api.post(`/cases/${high.id}/assessments`, { instrument: instrument.id, answers: { strangulation: true } });
  high = await api.get(`/cases/${high.id}`);
  await api.patch(`/cases/${high.id}`, { assigned_user_id: police.id }, `"${high.version}"`);
  const active = await make();
  await api.patch(`/cases/${active.id}`, { status: 'active' }, `"${active.version}"`);
  const closed = await make();
  await api.post(`/cases/${closed.id}/close`, { outcome: 'goals_met' });
  const late = await make();
  await api.post(`/cases/${late.id}/actions`, { title: 'Call her back', responsible_institution_id: world.institutions.police.id, due_on: dayIn(-2).iso });
  const other = await make({ kind: 'gbv', mechanism_id: gbv.id });
  const all = [high, active, closed, late, other].map((c) => c.reference);
  const except = (...keep) => all.filter((r) => !keep.includes(r));

  const page = await people.page(police);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
  for (const ref of all) await page.getByRole('link', { name: ref, exact: true }).waitFor();

  await filterBy(page, 'Status', 'Closed', [closed.reference], except(closed.reference));
  const row = page.getByRole('row').filter({ hasText: closed.reference });
  assert.match(await row.innerText(), /Closed/);
  assert.match(page.url(), /#\/cases\?status=closed$/, 'filters are codes in the address');

  const form = page.getByRole('form', { name: 'Filter the list' });
  await form.getByLabel('Status', { exact: true }).selectOption({ label: 'Any' });
  await filterBy(page, 'Risk', 'High', [high.reference], except(high.reference));
  assert.match(await page.getByRole('row').filter({ hasText: high.reference }).innerText(), /High/);

  await form.getByLabel('Risk', { exact: true }).selectOption({ label: 'Any' });
  await filterBy(page, 'Kind', 'Gender-based violence', [other.reference], except(other.reference));

  await form.getByLabel('Kind', { exact: true }).selectOption({ label: 'Any' });
  await filterBy(page, 'Overdue items', 'Only cases with overdue items', [late.reference], except(late.reference));
  assert.match(await page.getByRole('row').filter({ hasText: late.reference }).innerText(), /1 action\(s\) late/);

  await form.getByLabel('Overdue items', { exact: true }).selectOption({ label: 'Any' });
  await filterBy(page, 'Assigned to', 'Me', [high.reference], except(high.reference));
  assert.deepEqual(await listed(page), [high.reference], 'only the case assigned to me');

  // "Clear" empties the form as well as the list.
  await page.getByRole('link', { name: 'Clear' }).click();
  for (const ref of all) await page.getByRole('link', { name: ref, exact: true }).waitFor();
  assert.equal(await form.getByLabel('Assigned to', { exact: true }).inputValue(), '', 'the filter shows Any again after Clear');
  assertNoProblems(page);
});

/* What a referral table row says in its last column, and how it is drawn. */
async function answerCell(page, reference) {
  const cell = page.getByRole('region', { name: 'New referrals to answer' }).getByRole('row').filter({ hasText: reference }).getByRole('cell').last();
  const look = await cell.evaluate((td) => {
    const s = getComputedStyle(td.firstElementChild);
    const first = getComputedStyle(td.parentElement.firstElementChild);
    return { weight: s.fontWeight, color: s.color, mark: first.boxShadow };
  });
  return { text: (await cell.innerText()).trim(), ...look };
}

/* '2 d 3 h' as the UI writes a span of minutes. */
function span(minutes) {
  const m = Math.abs(minutes), d = Math.floor(m / 1440), h = Math.floor((m % 1440) / 60), min = m % 60;
  if (d) return h ? `${d} d ${h} h` : `${d} d`;
  if (h) return min ? `${h} h ${min} min` : `${h} h`;
  return `${min} min`;
}

test('home shows the worklist counts and the referral inbox; an overdue referral says "Overdue by"', async () => {
  const centre = await memberInstitution(world, { services: ['psychosocial'] });
  const sender = await apiAs(world, world.users.police);
  const refer = async (urgency) => {
    const doc = await registerCase(world, world.users.police);
    const referral = await sender.post(`/cases/${doc.id}/referrals`, { to_institution_id: centre.institution.id, service: 'psychosocial', urgency, reason: 'Counselling', share: [] });
    return { doc, referral };
  };
  const urgent = await refer('urgent');
  const routine = await refer('routine');
  // Five hours after the urgent one's answer time, on both clocks.
  const now = iso(Date.parse(urgent.referral.respond_by) + 5 * 3600 * 1000);
  try {
    await server.restart({ now });
    const page = await openAs(browser, world, centre.caseworker, { now });
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    const today = page.getByRole('region', { name: 'What needs action' });
    const count = async (label) => (await today.getByRole('link', { name: new RegExp(`^\\d+ ${label}$`) }).innerText()).replace(/\s+/g, ' ');
    assert.equal(await count('new referrals to answer'), '2 new referrals to answer');
    assert.equal(await count('referrals past their answer time'), '1 referrals past their answer time');
    assert.equal(await count('unread notifications'), '2 unread notifications');
    assert.equal(await count('cases assigned to me'), '0 cases assigned to me');

    const overdue = await answerCell(page, urgent.doc.reference);
    const waiting = await answerCell(page, routine.doc.reference);
    assert.equal(overdue.text, 'Overdue by 5 h');
    const left = Math.round((Date.parse(routine.referral.respond_by) - Date.parse(now)) / 60000);
    assert.equal(waiting.text, `${span(left)} left`);
    assert.equal(overdue.weight, '700', 'the overdue time is bold');
    assert.notEqual(overdue.color, waiting.color, 'the overdue time has its own colour');
    assert.notEqual(overdue.mark, waiting.mark, 'the overdue row is marked at its start');

    // The count is a link to the list behind it.
    await today.getByRole('link', { name: /new referrals to answer/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Referrals' }).waitFor();
    await page.getByRole('link', { name: urgent.doc.reference }).waitFor();
    assertNoProblems(page);
    await page.context().close();
  } finally {
    await server.restart();
    await people.forget();
  }
});

test('notifications: the unread count in the header, and opening one marks it read and leads to its object', async () => {
  const centre = await memberInstitution(world, { services: ['psychosocial'], manager: true });
  const referred = await registerCase(world, world.users.police);
  const police = await apiAs(world, world.users.police);
  const referral = await police.post(`/cases/${referred.id}/referrals`, { to_institution_id: centre.institution.id, service: 'psychosocial', urgency: 'routine', reason: 'Counselling', share: [] });
  // A case of the centre's own, which its manager gives to the caseworker.
  const own = await registerCase(world, centre.manager, { consent: undefined });
  const manager = await apiAs(world, centre.manager);
  await manager.patch(`/cases/${own.id}`, { assigned_user_id: centre.caseworker.id }, `"${own.version}"`);

  const page = await people.page(centre.caseworker);
  const bell = page.getByRole('link', { name: 'Notifications: 2 unread' });
  await bell.waitFor();
  assert.equal((await bell.innerText()).trim(), '2');
  await bell.click();
  await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
  const item = (kind) => page.getByRole('listitem').filter({ hasText: kind });
  assert.match(await item('New referral').innerText(), new RegExp(`Unread:\\s*New referral[\\s\\S]*from Policia Korçë for case ${referred.reference}`));
  assert.match(await item('Case assigned to you').innerText(), new RegExp(own.reference));

  await item('New referral').getByRole('button', { name: 'Open' }).click();
  await page.getByRole('heading', { level: 1, name: `Referral for case ${referred.reference}` }).waitFor();
  assert.match(page.url(), new RegExp(`#/referrals/${referral.id}$`));
  await page.getByRole('link', { name: 'Notifications: 1 unread' }).waitFor();

  await page.getByRole('link', { name: 'Notifications: 1 unread' }).click();
  await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
  assert.doesNotMatch(await item('New referral').innerText(), /Unread:/, 'the opened one is read');
  await item('Case assigned to you').getByRole('button', { name: 'Open' }).click();
  await page.getByRole('heading', { level: 1, name: `Case ${own.reference}` }).waitFor();
  await page.getByRole('link', { name: 'Notifications: 0 unread' }).waitFor();
  await go(page, '/notifications?unread=true');
  await page.getByText('No notifications.').waitFor();
  assertNoProblems(page);
});

const SR = {
  search: 'Pronađi osobu', byName: 'Imenu i datumu rođenja', byNumber: 'Ličnom broju', given: 'Ime', family: 'Prezime',
  born: 'Datum rođenja (ako je poznat)', number: 'Lični broj', submit: 'Pretraži',
  date: { day: 'Dan', month: 'Mesec', year: 'Godina' },
};

test('find a person by name and birth date, and by personal number, in Serbian: only visible cases, and how many others match', async () => {
  const person = survivor({ date_of_birth: '1979-09-23', personal_number: unique('J').toUpperCase().replace(/[^A-Z0-9]/g, '') });
  const mine = await registerCase(world, world.users.police, { survivor: person });
  // The same woman registered by social services: police may not see that case.
  await registerCase(world, world.users.social, { survivor: { ...person, phone: '+355 69 111 2222' } });
  // Someone of the same name born another day is not her.
  const namesake = await registerCase(world, world.users.police, { survivor: { ...person, date_of_birth: '1981-01-05', personal_number: undefined } });

  const page = await people.page(world.users.police, { lang: 'sr-Latn' });
  await page.getByRole('navigation', { name: 'Glavna navigacija' }).getByRole('link', { name: 'Slučajevi', exact: true }).click();
  await page.getByRole('link', { name: SR.search }).click();
  await page.getByRole('heading', { level: 1, name: SR.search }).waitFor();
  await page.getByLabel(SR.given, { exact: true }).fill(person.given_name);
  await page.getByLabel(SR.family, { exact: true }).fill(person.family_name);
  await fillDate(page.getByRole('group', { name: SR.born }), { d: '23', m: '9', y: '1979' }, SR.date);
  await page.getByRole('button', { name: SR.submit, exact: true }).click();
  const results = page.getByRole('region', { name: 'Rezultati' });
  await results.getByText('Pronađeno slučajeva koje smete da vidite: 1.').waitFor();
  await results.getByRole('link', { name: mine.reference }).waitFor();
  assert.equal(await results.getByRole('link', { name: namesake.reference }).count(), 0, 'another birth date is another person');
  await results.getByText('Još 1 slučajeva drugih institucija odgovara.', { exact: false }).waitFor();

  await page.getByLabel(SR.byNumber, { exact: true }).check();
  await page.getByLabel(SR.number, { exact: true }).fill(person.personal_number.toLowerCase());
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/cases/search'));
  await page.getByRole('button', { name: SR.submit, exact: true }).click();
  assert.equal((await answer).request().postDataJSON().personal_number, person.personal_number.toLowerCase());
  await results.getByRole('link', { name: mine.reference }).waitFor();
  await results.getByText('Još 1 slučajeva drugih institucija odgovara.', { exact: false }).waitFor();
  assert.equal(await results.getByRole('link', { name: namesake.reference }).count(), 0);

  const urls = decodeURIComponent(page.urls.join('\n')).toLowerCase();
  for (const secret of [person.given_name, person.family_name, person.personal_number, '1979-09-23'])
    assert.equal(urls.includes(secret.toLowerCase()), false, `"${secret}" is in no URL the page asked for`);
  assertNoProblems(page);
});
