// The coordinator's work in the browser: the dashboard whose numbers lead to their lists,
// meetings (agenda filled from high-risk cases, attendance, minutes, decisions that become
// actions, marking held — refused before the meeting begins), ad hoc meeting requests and
// their answers, the calendar subscription, the local action plan and the trainings register.
// The coordinator never sees a survivor's identity on any of these screens.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Api, Server, axeViolations, buildWorld, createCase, launchBrowser, settled, signedInPage, unique } from './harness.mjs';

let server, world, browser, highRisk, instrument;
const NOW = '2026-12-04T09:00:00Z';

before(async () => {
  server = await new Server().start({ now: NOW });
  world = await buildWorld(server);
  browser = await launchBrowser();
  // A high-risk case: it goes on the next meeting's agenda by itself.
  const made = await createCase(world, world.users.police);
  highRisk = made.doc;
  const list = await made.api.get('/instruments?kind=domestic_violence');
  instrument = await made.api.get(`/instruments/${list.items[0].id}`);
  const critical = instrument.items.find((i) => i.critical);
  await made.api.post(`/cases/${highRisk.id}/assessments`, { instrument: instrument.id, answers: { [critical.id]: true } });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const coordinatorPage = (lang = 'en', viewport) => signedInPage(browser, world, world.users.coordinator, { lang, viewport });

test("the coordinator's home is the mechanism's dashboard, in each language, and its numbers lead to their lists", async () => {
  for (const [lang, title, held] of [
    ['sq', 'Mekanizmi sot', /Takime të mbajtura: \d+, nga të paktën 4 në vit/],
    ['en', 'The mechanism today', /Meetings held: \d+, of at least 4 a year/],
    ['sr-Latn', 'Mehanizam danas', /Održanih sastanaka: \d+, od najmanje 4 godišnje/],
  ]) {
    const page = await coordinatorPage(lang);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByText(held).waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
  const page = await coordinatorPage('en');
  const high = page.getByRole('link', { name: /High$/ });
  const n = Number((await high.innerText()).match(/\d+/)[0]);
  assert.ok(n >= 1, 'the high-risk case is counted');
  await high.click();
  await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
  await settled(page);
  assert.equal(await page.locator('tbody tr').count(), n, 'the list behind the number has as many cases');
  assert.equal(await page.getByText(highRisk.survivor.given_name).count(), 0, 'summaries only: no name');
  await page.context().close();
});

test('a meeting: scheduled, its agenda, attendance, minutes, a decision for a case; held only once it has begun', async () => {
  const page = await coordinatorPage('en');
  await page.goto(`${server.url}/#/mechanisms/${world.mechanism.id}/meetings`);
  await page.getByRole('button', { name: 'Schedule a meeting' }).click();
  await page.getByLabel('Regular meeting').check();
  const day = page.getByRole('group', { name: 'Day' });
  await day.getByLabel('Day').fill('10');
  await day.getByLabel('Month').fill('12');
  await day.getByLabel('Year').fill('2026');
  await page.getByLabel('Time', { exact: true }).fill('10:30');
  await page.getByLabel('Place').fill('Bashkia Korçë, salla 2');
  await page.getByRole('button', { name: 'Schedule it' }).click();
  await page.getByRole('heading', { level: 1, name: /Regular meeting, 10\.12\.2026 10:30/ }).waitFor();

  // The high-risk case is already on the agenda; a topic is added.
  const agenda = page.getByRole('region', { name: 'Agenda' });
  await agenda.getByRole('link', { name: highRisk.reference }).waitFor();
  await agenda.getByText('Put there by risk or repetition').waitFor();
  await page.getByLabel('Add a topic').fill('The shelter has no free beds');
  await page.getByRole('button', { name: 'Add the topic' }).click();
  await agenda.getByText('The shelter has no free beds').waitFor();

  await page.getByLabel('Policia Korçë was present').check();
  await page.getByLabel('People from Policia Korçë').fill('2');
  await page.getByRole('button', { name: 'Save the attendance' }).click();
  await page.getByText('The attendance was saved.').waitFor();

  await page.getByRole('textbox', { name: 'Minutes' }).fill(`Case ${highRisk.reference} discussed; a safety plan agreed.`);
  await page.getByRole('button', { name: 'Save the minutes' }).click();
  await page.getByText('The minutes were saved.').waitFor();

  const decisions = page.getByRole('region', { name: 'Decisions' });
  await page.getByLabel('What was decided').fill('Police to visit the home weekly');
  await page.getByLabel('Responsible institution').selectOption({ label: 'Policia Korçë' });
  const due = page.getByRole('group', { name: 'Due on' });
  await due.getByLabel('Day').fill('20');
  await due.getByLabel('Month').fill('12');
  await due.getByLabel('Year').fill('2026');
  await page.getByLabel('For a case on the agenda').selectOption({ label: `${highRisk.reference} (High)` });
  await page.getByRole('button', { name: 'Save the decision' }).click();
  await decisions.getByText('Police to visit the home weekly').waitFor();

  // Before 10 December it cannot be marked held.
  await page.getByRole('button', { name: 'Mark as held' }).click();
  await page.getByRole('alert').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Mark as held' }).count(), 1, 'still scheduled');
  const meetingUrl = page.url();
  await page.context().close();

  // The decision is an action in the case's plan, for the police.
  const police = await new Api(server.url).signIn(world.users.police);
  const actions = await police.get(`/cases/${highRisk.id}/actions`);
  assert.ok(actions.items.some((a) => a.title === 'Police to visit the home weekly'));

  // On the day, after it began, it can.
  await server.restart({ now: '2026-12-10T12:00:00Z' });
  const later = await coordinatorPage('en');
  await later.goto(meetingUrl);
  await later.getByRole('button', { name: 'Mark as held' }).click();
  await later.getByText('Held', { exact: true }).waitFor();
  await later.goto(`${meetingUrl}/print`);
  await later.getByText('Agenda and minutes').first().waitFor();
  await later.getByText(`Case ${highRisk.reference} discussed; a safety plan agreed.`).waitFor();
  assert.deepEqual(later.problems, []);
  await later.context().close();
  await server.restart({ now: NOW });
});

test('ad hoc meetings: a member asks with a reason and a case, the coordinator reads it and declines with a reason', async () => {
  const reason = unique('Escalating threats, police and shelter need to agree ');
  const police = await signedInPage(browser, world, world.users.police, { lang: 'en' });
  await police.goto(`${server.url}/#/mechanisms/${world.mechanism.id}/requests`);
  await police.getByLabel('Why a meeting is needed').fill(reason);
  await police.getByLabel(highRisk.reference).check();
  await police.getByRole('button', { name: 'Send the request' }).click();
  await police.getByText('The request was sent to the coordinator.').waitFor();
  await police.context().close();

  const page = await coordinatorPage('en');
  await page.goto(`${server.url}/#/mechanisms/${world.mechanism.id}/requests`);
  const card = page.getByRole('listitem').filter({ hasText: reason });
  await card.getByRole('link', { name: highRisk.reference }).waitFor();
  await card.getByRole('button', { name: 'Answer' }).click();
  await card.getByLabel('Declined').check();
  await card.getByLabel('Why').fill('It goes on the regular meeting of 10 December.');
  await card.getByRole('button', { name: 'Send the answer' }).click();
  await page.getByText(reason).waitFor({ state: 'detached' });
  await page.goto(`${server.url}/#/mechanisms/${world.mechanism.id}/requests?status=answered`);
  await page.getByText('It goes on the regular meeting of 10 December.').waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the calendar address is shown once and serves the meetings with titles in the subscriber\'s language', async () => {
  const page = await coordinatorPage('sq');
  await page.goto(`${server.url}/#/mechanisms/${world.mechanism.id}/meetings`);
  await page.getByRole('button', { name: 'Krijo adresën time të kalendarit' }).click();
  const url = (await page.locator('code.secret').innerText()).trim();
  assert.match(url, /\/api\/v1\/calendar\/[^/]+\.ics$/);
  const ics = await (await fetch(url)).text();
  assert.match(ics, /BEGIN:VCALENDAR/);
  assert.match(ics.replace(/\r\n[ \t]/g, ''), /SUMMARY:[^\r\n]*Takim i rregullt/, 'the title in Albanian');
  await page.context().close();
});

test('the local action plan: activities per pillar with their national objective, progress, and the print view', async () => {
  const page = await coordinatorPage('en');
  await page.goto(`${server.url}/#/mechanisms/${world.mechanism.id}/plans`);
  await page.getByLabel('Title').fill('Plani vendor 2027');
  const from = page.getByRole('group', { name: 'From' });
  await from.getByLabel('Day').fill('1');
  await from.getByLabel('Month').fill('1');
  await from.getByLabel('Year').fill('2027');
  const to = page.getByRole('group', { name: 'Until' });
  await to.getByLabel('Day').fill('31');
  await to.getByLabel('Month').fill('12');
  await to.getByLabel('Year').fill('2027');
  await page.getByRole('button', { name: 'Create the plan' }).click();
  await page.getByRole('heading', { level: 1, name: 'Plani vendor 2027' }).waitFor();

  for (const [pillar, title, target] of [['Prevention', 'Awareness sessions in schools', '10'], ['Protection', 'Shelter places for the winter', '4']]) {
    await page.getByLabel('Pillar of the national strategy').selectOption({ label: pillar });
    await page.getByLabel('Activity', { exact: true }).fill(title);
    await page.getByLabel('Responsible institution').selectOption({ label: 'Shërbimi Social Korçë' });
    await page.getByLabel('Indicator').fill('sessions held');
    await page.getByLabel('Target').fill(target);
    await page.getByLabel('National strategy objective').fill('Objective 1.2: fewer cases of violence');
    await page.getByRole('button', { name: 'Save the activity' }).click();
    await page.getByRole('region', { name: pillar }).getByText(title).waitFor();
  }
  const prevention = page.getByRole('region', { name: 'Prevention' });
  await prevention.getByRole('button', { name: 'Update progress' }).click();
  await prevention.getByLabel('Progress', { exact: true }).fill('5');
  await prevention.getByLabel('Status').selectOption({ label: 'In progress' });
  await prevention.getByRole('button', { name: 'Save' }).click();
  await prevention.getByText('0 of 1 activities done').waitFor();
  await prevention.getByText('5 of 10').first().waitFor();
  await page.getByRole('link', { name: 'Print the plan' }).click();
  await page.getByText('Objective 1.2: fewer cases of violence').first().waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the trainings register: a training of trainers with participants by institution type and sex, and the year\'s totals', async () => {
  const page = await coordinatorPage('en');
  await page.goto(`${server.url}/#/trainings?year=2026`);
  await page.getByRole('button', { name: 'Record a training' }).click();
  await page.getByLabel('Training', { exact: true }).fill('Risk assessment for front-line staff');
  await page.getByLabel('Topic').fill('The risk instrument');
  for (const [group, d] of [['First day', '2'], ['Last day', '3']]) {
    const g = page.getByRole('group', { name: group });
    await g.getByLabel('Day').fill(d);
    await g.getByLabel('Month').fill('12');
    await g.getByLabel('Year').fill('2026');
  }
  await page.getByLabel('A training of trainers').check();
  await page.getByLabel('Kind of institution').selectOption({ label: 'Police' });
  await page.getByLabel('Women', { exact: true }).fill('6');
  await page.getByLabel('Men', { exact: true }).fill('4');
  await page.getByRole('button', { name: 'Add participants of another kind of institution' }).click();
  await page.getByLabel('Kind of institution').nth(1).selectOption({ label: 'Social services' });
  await page.getByLabel('Women', { exact: true }).nth(1).fill('5');
  await page.getByLabel('Men', { exact: true }).nth(1).fill('1');
  await page.getByRole('button', { name: 'Save the training' }).click();
  await page.getByText('"Risk assessment for front-line staff" was recorded.').waitFor();
  const totals = page.getByRole('region', { name: 'Totals for 2026' });
  await totals.getByRole('row', { name: /Police 1 6 4/ }).waitFor();
  await totals.getByRole('row', { name: /All 1 11 5/ }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the coordinator's screens: no serious axe violation in any language, no survivor's name anywhere", async () => {
  const found = [];
  for (const lang of ['sq', 'en', 'sr-Latn']) {
    const page = await coordinatorPage(lang);
    for (const path of ['/', `/mechanisms/${world.mechanism.id}/meetings`, `/mechanisms/${world.mechanism.id}/requests`, `/mechanisms/${world.mechanism.id}/plans`, '/trainings', '/cases', `/cases/${highRisk.id}`]) {
      await page.goto(`${server.url}/#${path}`);
      await settled(page);
      for (const v of await axeViolations(page)) found.push(`${lang} ${path}: ${v}`);
      const text = await page.evaluate(() => document.body.innerText);
      if (text.includes(highRisk.survivor.given_name) || text.includes(highRisk.survivor.family_name)) found.push(`${lang} ${path}: the survivor's name`);
    }
    await page.context().close();
  }
  assert.deepEqual(found, []);
});
