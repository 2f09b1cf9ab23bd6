// The parts of a case as the owner's caseworker works on them: incidents (and the repeat
// warning), notes for her institution or for everyone involved, consent records and their
// withdrawal (felt at once by the institution that relied on it), the risk assessment in
// Albanian with its live score, protection orders in Serbian, and the case plan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildWorld, REPO, unique } from './harness.mjs';
import { apiAs, assertNoProblems, caseTab, dayIn, fact, fillDate, openCase, registerCase, survivor, useWorld } from './support.mjs';

let world, people;
useWorld(buildWorld, (w) => ({ world, people } = w));

const newCase = async (extra = {}) => registerCase(world, world.users.police, extra);
const oneLine = (s) => s.replace(/\s+/g, ' ').trim();

/* A referral from the police to social services, accepted by them. */
async function referToSocial(doc, share) {
  const police = await apiAs(world, world.users.police);
  const r = await police.post(`/cases/${doc.id}/referrals`, { to_institution_id: world.institutions.social.id, service: 'psychosocial', urgency: 'routine', reason: 'Counselling', share });
  await (await apiAs(world, world.users.social)).post(`/referrals/${r.id}/accept`);
  return r;
}

test('incidents: the first one recorded is not a repeat; another within 12 months brings the repeat warning', async () => {
  const doc = await newCase({ incident: undefined });
  const page = await people.page(world.users.police);
  await openCase(page, doc, 'incidents');
  await page.getByText('No incident recorded.').waitFor();
  const add = page.getByRole('region', { name: 'Record another incident' });
  const record = async (day, form, narrative) => {
    await fillDate(add.getByRole('group', { name: 'When did it happen?' }), { d: day, m: '11', y: '2026' });
    await add.getByLabel(form, { exact: true }).check();
    await add.getByLabel('Where did it happen?').selectOption({ label: 'At home' });
    await add.getByLabel('What happened').fill(narrative);
    await add.getByRole('button', { name: 'Save the incident' }).click();
    await page.getByText(narrative).waitFor();
  };
  const first = unique('He pushed her down the stairs ');
  await record('2', 'Physical violence', first);
  await add.getByText('The incident was recorded.').waitFor();
  assert.equal(await add.getByText(/It is a repeat incident/).count(), 0, 'a first incident is no repeat');

  const second = unique('He threatened her by phone ');
  await record('28', 'Psychological violence', second);
  await add.getByText(/It is a repeat incident: the case had another one in the 12 months before/).waitFor();
  const newest = page.getByRole('listitem').filter({ hasText: second });
  assert.match(oneLine(await newest.innerText()), /^28\.11\.2026 ?Repeat Psychological violence — At home/);
  const items = await page.getByRole('list').filter({ hasText: first }).getByRole('listitem').allInnerTexts();
  assert.equal(items.length, 2);
  assert.ok(items[0].includes(second) && items[1].includes(first), 'newest first');
  await page.getByText('Repeat', { exact: true }).first().waitFor();
  assertNoProblems(page);
});

test('notes: for my institution only, or for everyone involved — a referral recipient reads only the shared one', async () => {
  const doc = await newCase({ consent: { given: true, method: 'written', institution_types: ['social_services'], categories: ['identity', 'notes'] } });
  const privateNote = unique('Police only: the neighbour called 129 ');
  const sharedNote = unique('For everyone: she prefers calls after 18:00 ');
  const page = await people.page(world.users.police);
  await openCase(page, doc, 'notes');
  const write = page.getByRole('region', { name: 'Write a note' });
  await write.getByLabel('Note', { exact: true }).fill(privateNote);
  assert.equal(await write.getByLabel('Only my institution').isChecked(), true, 'a note stays in the institution unless said otherwise');
  await write.getByRole('button', { name: 'Save the note' }).click();
  await page.getByText(privateNote).waitFor();
  await write.getByLabel('Note', { exact: true }).fill(sharedNote);
  await write.getByLabel('Every institution involved that may read notes').check();
  await write.getByRole('button', { name: 'Save the note' }).click();
  await page.getByText(sharedNote).waitFor();
  assert.match(oneLine(await page.getByRole('listitem').filter({ hasText: privateNote }).innerText()), /Policia Korçë · my institution only/);
  assert.match(oneLine(await page.getByRole('listitem').filter({ hasText: sharedNote }).innerText()), /Policia Korçë · institutions involved/);
  assertNoProblems(page);

  await referToSocial(doc, ['identity', 'notes']);
  const social = await people.page(world.users.social);
  await openCase(social, doc);
  await caseTab(social, 'Notes');
  await social.getByText(sharedNote).waitFor();
  assert.equal(await social.getByText(privateNote).count(), 0, 'the institution-only note stays with the police');
  assertNoProblems(social);
});

test('consent: a new record is added; withdrawing one, after its confirmation, withholds the case from who relied on it', async () => {
  const doc = await newCase();
  await referToSocial(doc, ['identity']);
  const social = await apiAs(world, world.users.social);
  assert.equal((await social.get(`/cases/${doc.id}`)).survivor.given_name, doc.survivor.given_name, 'before: social services read her name');

  const page = await people.page(world.users.police);
  await openCase(page, doc, 'consent');
  const add = page.getByRole('region', { name: 'Record a new consent' });
  await add.getByRole('group', { name: 'How was it given?' }).getByLabel('Verbal').check();
  await add.getByRole('group', { name: 'With which kinds of institution' }).getByLabel('Police', { exact: true }).check();
  await add.getByRole('group', { name: 'Which data' }).getByLabel('Incident', { exact: true }).check();
  await add.getByRole('button', { name: 'Save the consent' }).click();
  const added = page.getByRole('listitem').filter({ hasText: 'Consent given · Verbal' });
  await added.waitFor();
  assert.equal(await fact(added, 'With which kinds of institution').innerText(), 'Police');
  assert.equal(await fact(added, 'Which data').innerText(), 'Incident');

  const original = page.getByRole('listitem').filter({ hasText: 'Consent given · Written' });
  await original.getByRole('button', { name: 'Withdraw this consent' }).click();
  const confirm = original.getByRole('group', { name: 'Withdraw this consent' });
  await confirm.getByText('Withdrawing ends at once what other institutions read through this consent. Withdraw it?').waitFor();
  assert.equal((await social.get(`/cases/${doc.id}`)).survivor?.given_name, doc.survivor.given_name, 'nothing is withdrawn before the confirmation');
  await confirm.getByRole('button', { name: 'Yes, withdraw it' }).click();
  await original.getByText('Withdrawn', { exact: true }).first().waitFor();
  await fact(original, 'Withdrawn').waitFor();
  assert.equal(await added.getByRole('button', { name: 'Withdraw this consent' }).count(), 1, 'the other record stands');
  assertNoProblems(page);

  const reader = await people.page(world.users.social);
  await openCase(reader, doc);
  await reader.getByText(/Not shared with your institution: Identity, Contact \(phone, address\), Incident/).waitFor();
  assert.equal(await reader.getByText(doc.survivor.given_name).count(), 0, 'her name is no longer shown');
  assertNoProblems(reader);
});

const instrument = JSON.parse(readFileSync(join(REPO, 'data/instruments/domestic_violence.json'), 'utf8'));
const item = (id) => instrument.items.find((i) => i.id === id);
/* The level the thresholds of the data file give, a critical item making it at least high. */
function levelOf(score, critical) {
  const t = instrument.thresholds;
  const level = score >= t.extreme ? 'extreme' : score >= t.high ? 'high' : score >= t.medium ? 'medium' : 'standard';
  return critical && (level === 'standard' || level === 'medium') ? 'high' : level;
}
const SQ_LEVEL = { standard: 'Standard', medium: 'Mesatar', high: 'I lartë', extreme: 'Ekstrem' };

test('risk assessment in Albanian: the items in her language, a live score and level, the raise-only override, the saved result', async () => {
  const doc = await newCase();
  const page = await people.page(world.users.police, { lang: 'sq' });
  await openCase(page, doc);
  await caseTab(page, 'Risku');
  await page.getByRole('button', { name: 'Vlerëso riskun' }).click();
  await page.getByRole('heading', { level: 3, name: instrument.title.sq }).waitFor();
  const question = (id) => page.getByRole('group', { name: new RegExp(`^${item(id).text.sq.replace(/[?()]/g, '\\$&')}`) });
  const total = instrument.items.length;
  const score = async () => oneLine(await page.getByText(/^Pikët \d+ \(/).innerText());
  const expectScore = async (points, answered, critical) => {
    const want = `Pikët ${points} (${answered} nga ${total} të përgjigjura): Risku: ${SQ_LEVEL[levelOf(points, critical)]}`;
    await page.getByText(`Pikët ${points} (${answered} nga ${total}`).waitFor();
    assert.equal(await score(), want);
  };
  await expectScore(0, 0, false);
  for (const id of ['escalation', 'strangulation', 'threat_to_kill']) assert.equal(item(id).weight, 3);
  await question('escalation').getByLabel('Po', { exact: true }).check();
  await expectScore(3, 1, false);
  await question('weapon_access').getByLabel('Po', { exact: true }).check();
  await expectScore(5, 2, false);
  assert.equal(levelOf(5, false), 'medium', 'the medium threshold is crossed');
  // A critical item: 8 points are medium by the thresholds; the critical item makes it high.
  assert.equal(item('strangulation').critical, true);
  await question('strangulation').getByLabel('Po', { exact: true }).check();
  await expectScore(8, 3, true);
  assert.equal(levelOf(8, false), 'medium');
  await page.getByText('Është i pranishëm një element kritik: niveli është të paktën i lartë.').waitFor();
  // Three "Yes" on weight-3 items.
  await question('threat_to_kill').getByLabel('Po', { exact: true }).check();
  await expectScore(11, 4, true);
  // Taking answers back: "No", and "Not known" (which leaves the item unanswered).
  await question('strangulation').getByLabel('Jo', { exact: true }).check();
  await question('threat_to_kill').getByLabel('Nuk dihet', { exact: true }).check();
  await expectScore(5, 3, false);
  assert.equal(await page.getByText('Është i pranishëm një element kritik').count(), 0);

  // A caseworker may only raise the level the answers give.
  const override = page.getByLabel('Niveli sipas gjykimit profesional');
  assert.deepEqual(await override.locator('option').allInnerTexts(), ['Mbaj nivelin e përgjigjeve (Mesatar)', 'I lartë', 'Ekstrem']);
  await override.selectOption({ label: 'I lartë' });
  await page.getByLabel('Pse', { exact: true }).fill('Ai e ndjek çdo ditë para punës');
  await page.getByRole('button', { name: 'Ruaj vlerësimin' }).click();
  await page.getByText('Vlerësimi u ruajt.').waitFor();
  await page.getByText(`Pikët 5, niveli I lartë. Rishikimi i radhës më ${dayIn(7).shown}.`).waitFor();
  await page.getByText('Risku: I lartë', { exact: true }).first().waitFor();
  assert.equal(await fact(page, 'Rishikimi i radhës i riskut').innerText(), dayIn(7).shown);
  const row = page.getByRole('row').filter({ hasText: '(përgjigjet dhanë Mesatar)' });
  assert.match(oneLine(await row.innerText()), new RegExp(`^${dayIn(0).shown} \\d\\d:\\d\\d 5 Risku: I lartë \\(përgjigjet dhanë Mesatar\\) ${dayIn(7).shown.replace(/\./g, '\\.')}$`));
  assertNoProblems(page);
});

const SR_DATE = { day: 'Dan', month: 'Mesec', year: 'Godina' };

test('protection orders in Serbian: request an immediate one, its decision clock, the court granting it, a breach', async () => {
  const doc = await newCase();
  const today = dayIn(0), until = dayIn(180);
  const page = await people.page(world.users.police, { lang: 'sr-Latn' });
  await openCase(page, doc);
  await caseTab(page, 'Nalozi za zaštitu');
  await page.getByText('Nema naloga za zaštitu.').waitFor();
  const add = page.getByRole('region', { name: 'Zatraži nalog za zaštitu' });
  await add.getByLabel('Hitni nalog za zaštitu').check();
  await add.getByLabel('Sud', { exact: true }).selectOption({ label: 'Gjykata Korçë' });
  await add.getByRole('button', { name: 'Sačuvaj zahtev' }).click();
  const card = page.getByRole('listitem').filter({ hasText: 'Hitni nalog za zaštitu' });
  await card.getByText('Čeka odluku').waitFor();
  assert.equal(await fact(card, 'Zatraženo').innerText(), today.shown);
  assert.equal(await fact(card, 'Sud').innerText(), 'Gjykata Korçë');
  assert.match(oneLine(await fact(card, 'Rok za odluku').innerText()), /^Preostalo (2 d|1 d 23 č)$/, '48 hours to decide an immediate order');

  await card.getByRole('button', { name: 'Evidentiraj odluku' }).click();
  const decide = card.getByRole('form', { name: 'Evidentiraj odluku' });
  await decide.getByLabel('Izdat', { exact: true }).check();
  await fillDate(decide.getByRole('group', { name: 'Odlučeno' }), today, SR_DATE);
  await fillDate(decide.getByRole('group', { name: 'Važi od' }), today, SR_DATE);
  await fillDate(decide.getByRole('group', { name: 'Važi do' }), until, SR_DATE);
  await decide.getByRole('button', { name: 'Sačuvaj odluku' }).click();
  await card.getByText('Izdat', { exact: true }).waitFor();
  assert.equal(await fact(card, 'Važi').innerText(), `${today.shown} – ${until.shown}`);
  assert.equal(await fact(card, 'Rok za odluku').count(), 0, 'no clock once decided');

  await card.getByRole('button', { name: 'Evidentiraj kršenje' }).click();
  const breach = card.getByRole('form', { name: 'Evidentiraj kršenje' });
  assert.equal(await breach.getByLabel('Dan', { exact: true }).inputValue(), today.d.padStart(2, '0'), 'today is offered');
  await breach.getByRole('button', { name: 'Sačuvaj kršenje' }).click();
  await fact(card, 'Kršenja').getByText('1', { exact: true }).waitFor();
  // A breach makes the risk review due today.
  await fact(page, 'Sledeća revizija rizika').getByText(today.shown).waitFor();
  assertNoProblems(page);
});

test('the case plan: add an action, move it to in progress and to done; an action past its date is marked overdue', async () => {
  const doc = await newCase();
  const page = await people.page(world.users.police);
  await openCase(page, doc, 'plan');
  const add = page.getByRole('region', { name: 'Add an action' });
  const addAction = async (title, due) => {
    await add.getByLabel('What is to be done').fill(title);
    await add.getByLabel('Responsible institution').selectOption({ label: 'Shërbimi Social Korçë' });
    await fillDate(add.getByRole('group', { name: 'Due on' }), due);
    await add.getByRole('button', { name: 'Save the action' }).click();
    const card = page.getByRole('listitem').filter({ hasText: title });
    await card.waitFor();
    return card;
  };
  const title = unique('Economic aid application ');
  const card = await addAction(title, dayIn(14));
  assert.match(oneLine(await card.innerText()), new RegExp(`Open Case plan · Shërbimi Social Korçë · due ${dayIn(14).shown.replace(/\./g, '\\.')}`));
  assert.equal(await card.getByText('Overdue').count(), 0);
  await card.getByRole('button', { name: 'Mark as In progress' }).click();
  await card.getByText('In progress', { exact: true }).waitFor();
  await card.getByRole('button', { name: 'Mark as Done' }).click();
  await card.getByText('Done', { exact: true }).waitFor();
  assert.equal(await card.getByRole('button').count(), 0, 'a done action has no further step');

  const late = await addAction(unique('Visit at home '), dayIn(-3));
  await late.getByText('Overdue', { exact: true }).waitFor();
  assert.equal(await card.getByText('Overdue').count(), 0, 'a done action is never overdue');
  assertNoProblems(page);
});
