// Referrals from both sides (the recipient declines, accepts, starts and completes; the sender
// cancels; the form offers only fitting recipients and the emergency basis only when allowed),
// break glass in Albanian, and the printed views — which never carry what the reader may not see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWorld, unique } from './harness.mjs';
import { apiAs, assertNoProblems, dayIn, fact, go, openCase, registerCase, survivor, useWorld } from './support.mjs';

let world, people;
useWorld(buildWorld, (w) => ({ world, people } = w));

const oneLine = (s) => s.replace(/\s+/g, ' ').trim();
const newCase = async (extra = {}) => registerCase(world, world.users.police, extra);

async function referToSocial(doc, { share = ['identity'], urgency = 'urgent', reason = unique('Needs counselling ') } = {}) {
  const police = await apiAs(world, world.users.police);
  return police.post(`/cases/${doc.id}/referrals`, { to_institution_id: world.institutions.social.id, service: 'psychosocial', urgency, reason, share });
}

/* The text of the error message a field is described by (the message beside it). */
async function fieldError(field) {
  assert.equal(await field.getAttribute('aria-invalid'), 'true', 'the field is marked invalid');
  return field.evaluate((el) =>
    (el.getAttribute('aria-describedby') || '')
      .split(' ')
      .map((id) => document.getElementById(id))
      .filter((e) => e && e.parentElement === el.parentElement)
      .map((e) => e.textContent.trim())
      .join(' '),
  );
}

test('the recipient reads the packet, must give a reason to decline, accepts, starts and completes; the sender cancels another', async () => {
  const declined = await newCase();
  const served = await newCase();
  const cancelled = await newCase();
  const reason = unique('Counselling after the assault ');
  const r1 = await referToSocial(declined, { reason });
  const r2 = await referToSocial(served);
  const r3 = await referToSocial(cancelled);

  const page = await people.page(world.users.social);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Referrals', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Referrals' }).waitFor();
  await page.getByRole('link', { name: declined.reference }).click();
  await page.getByRole('heading', { level: 1, name: `Referral for case ${declined.reference}` }).waitFor();
  for (const [label, value] of [
    ['Case', declined.reference], ['From', 'Policia Korçë'], ['To', 'Shërbimi Social Korçë'], ['Service', 'Psychosocial support'],
    ['Urgency', 'Urgent'], ['Status', 'Sent'], ['Why this referral', reason], ['Data shared', 'Identity'], ['On what basis', "The survivor's consent"],
  ])
    assert.equal(await fact(page, label).innerText(), value, label);
  await page.getByText(/^\s*(3 d|2 d 23 h) left$/).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Open the case' }).count(), 0, 'the case stays closed to her until she accepts');

  await page.getByRole('button', { name: 'Decline', exact: true }).click();
  const decline = page.getByRole('form', { name: 'Decline' });
  await decline.getByRole('button', { name: 'Decline', exact: true }).click();
  const why = decline.getByLabel('Why do you decline?');
  await decline.getByRole('alert').getByText('There is a problem').waitFor();
  assert.match(await fieldError(why), /\S/, 'the message stands beside the reason');
  assert.equal((await (await apiAs(world, world.users.social)).get(`/referrals/${r1.id}`)).status, 'sent', 'nothing changed');
  await why.fill('We have no counsellor free this month');
  await decline.getByRole('button', { name: 'Decline', exact: true }).click();
  await fact(page, 'Status').getByText('Declined').waitFor();
  assert.equal(await fact(page, 'Reason given').innerText(), 'We have no counsellor free this month');
  assert.equal(await page.getByRole('region', { name: 'What to do' }).count(), 0, 'nothing more to do');

  await go(page, '/referrals');
  await page.getByRole('link', { name: served.reference }).click();
  await page.getByRole('heading', { level: 1, name: `Referral for case ${served.reference}` }).waitFor();
  await page.getByRole('button', { name: 'Accept', exact: true }).click();
  await fact(page, 'Status').getByText('Accepted').waitFor();
  await page.getByRole('button', { name: 'Start the service' }).click();
  await fact(page, 'Status').getByText('In progress').waitFor();
  await page.getByRole('button', { name: 'Complete', exact: true }).click();
  const complete = page.getByRole('form', { name: 'Complete' });
  await complete.getByLabel('What was done (optional)').fill('Six counselling sessions held');
  await complete.getByRole('button', { name: 'Complete', exact: true }).click();
  await fact(page, 'Status').getByText('Completed').waitFor();
  assert.equal(await fact(page, 'Outcome').innerText(), 'Six counselling sessions held');
  await page.getByRole('link', { name: 'Open the case' }).click();
  await page.getByText(`${served.survivor.given_name} ${served.survivor.family_name}`).waitFor();
  assertNoProblems(page, [`HTTP 422 POST /api/v1/referrals/${r1.id}/decline`]);

  const sender = await people.page(world.users.police);
  await go(sender, '/referrals?box=outgoing');
  await sender.getByRole('link', { name: cancelled.reference }).click();
  await sender.getByRole('button', { name: 'Cancel the referral' }).click();
  const cancel = sender.getByRole('form', { name: 'Cancel the referral' });
  await cancel.getByLabel('Why do you cancel it?').fill('She found a counsellor herself');
  await cancel.getByRole('button', { name: 'Cancel the referral' }).click();
  await fact(sender, 'Status').getByText('Cancelled').waitFor();
  assert.equal(await fact(sender, 'Reason given').innerText(), 'She found a counsellor herself');
  assertNoProblems(sender);
  assert.equal((await (await apiAs(world, world.users.police)).get(`/referrals/${r3.id}`)).status, 'cancelled');
  assert.equal((await (await apiAs(world, world.users.police)).get(`/referrals/${r2.id}`)).status, 'completed');
});

test('the referral form offers only members that offer the service, and the emergency basis only when the case allows it', async () => {
  const ordinary = await newCase();
  const danger = await newCase({ imminent_danger: true });
  const page = await people.page(world.users.police);
  await openCase(page, ordinary, 'referrals');
  await page.getByRole('button', { name: 'Refer the case' }).click();
  const form = page.getByRole('region', { name: 'Refer the case' });
  await form.getByLabel('Service').waitFor();
  assert.deepEqual(await form.getByLabel('Service').locator('option').allInnerTexts(),
    ['Choose…', 'Shelter', 'Legal aid', 'Psychosocial support', 'Protection order', 'Economic aid', 'Child protection'],
    'services the other members offer; not medical care (the hospital is no member) nor police protection (the police own the case)');
  await form.getByLabel('Service').selectOption({ label: 'Legal aid' });
  await form.getByLabel('To', { exact: true }).getByRole('option', { name: /^Ndihma Juridike/ }).waitFor({ state: 'attached' });
  assert.deepEqual(await form.getByLabel('To', { exact: true }).locator('option').allInnerTexts(),
    ['Choose…', 'Ndihma Juridike Korçë (Free legal aid)', 'Qendra e Grave Korçë (Civil society organisation)']);
  assert.equal(await form.getByRole('group', { name: 'On what basis' }).count(), 0, 'no emergency basis for an unassessed case without imminent danger');

  // A high-risk case may be shared without consent.
  const risky = await newCase();
  const police = await apiAs(world, world.users.police);
  const [instrument] = (await police.get('/instruments?kind=domestic_violence')).items;
  await police.post(`/cases/${risky.id}/assessments`, { instrument: instrument.id, answers: { threat_to_kill: true } });
  await openCase(page, risky, 'referrals');
  await page.getByRole('button', { name: 'Refer the case' }).click();
  const basis = form.getByRole('group', { name: 'On what basis' });
  await basis.waitFor();
  assert.deepEqual(await basis.getByRole('radio').evaluateAll((rs) => rs.map((r) => r.labels[0].textContent)),
    ["The survivor's consent", 'Emergency, without consent']);

  await openCase(page, danger, 'referrals');
  await page.getByRole('button', { name: 'Refer the case' }).click();
  await form.getByLabel('Service').selectOption({ label: 'Shelter' });
  await form.getByLabel('To', { exact: true }).selectOption({ label: 'Strehëza Korçë (Shelter)' });
  await form.getByLabel('Emergency', { exact: true }).check();
  await form.getByLabel('Why this referral').fill('She cannot go home tonight');
  const share = form.getByRole('group', { name: 'Data shared' });
  assert.equal(await share.getByLabel('Health', { exact: true }).isDisabled(), true, 'with consent: health is not covered');
  await form.getByRole('group', { name: 'On what basis' }).getByLabel('Emergency, without consent').check();
  assert.equal(await share.getByLabel('Health', { exact: true }).isDisabled(), false, 'without consent anything may be shared');
  await share.getByLabel('Identity', { exact: true }).check();
  await share.getByLabel('Health', { exact: true }).check();
  await form.getByRole('button', { name: 'Send the referral' }).click();
  const justification = form.getByLabel('Justification for sharing without consent');
  await form.getByRole('alert').getByText('There is a problem').waitFor();
  assert.match(await fieldError(justification), /\S/, 'the justification is required, and said so beside it');
  await justification.fill('Imminent danger: he is looking for her');
  await form.getByRole('button', { name: 'Send the referral' }).click();
  await page.getByText('The referral was sent.').waitFor();
  await page.getByText(/^Strehëza Korçë must answer by \d\d\.\d\d\.\d{4} \d\d:\d\d\.$/).waitFor();
  const [sent] = (await (await apiAs(world, world.users.police)).get('/referrals?box=outgoing&limit=5')).items.filter((r) => r.case_id === danger.id);
  assert.equal(sent.basis, 'emergency');
  assert.deepEqual([...sent.share].sort(), ['health', 'identity']);
  assertNoProblems(page, [`HTTP 422 POST /api/v1/cases/${danger.id}/referrals`]);
});

test('break glass in Albanian: reference and justification, the consequences, the case with its banner; the owner is told', async () => {
  const doc = await newCase();
  const page = await people.page(world.users.social, { lang: 'sq' });
  await page.getByRole('navigation', { name: 'Kryesore' }).getByRole('link', { name: 'Qasje emergjente' }).click();
  await page.getByRole('heading', { level: 1, name: 'Qasje emergjente' }).waitFor();
  await page.getByLabel('Referenca e rastit').fill(doc.reference.toLowerCase());
  await page.getByLabel('Pse është emergjencë?').fill('Ajo është në spital dhe dhunuesi po e kërkon');
  await page.getByRole('button', { name: 'Vazhdo' }).click();
  const consequences = page.getByRole('alert').filter({ hasText: `Para se të hapni rastin ${doc.reference}` });
  await consequences.waitFor();
  const said = oneLine(await consequences.innerText());
  for (const line of [
    'Institucioni juaj do ta lexojë të gjithë rastin për 24 orë, përveç një adrese konfidenciale.',
    'Institucioni që e zotëron rastin dhe koordinatori i mekanizmit njoftohen tani, me emrin e institucionit tuaj.',
    'Çdo lexim regjistrohet për auditorin e mbrojtjes së të dhënave.',
    'Mund ta lexoni rastin, jo ta ndryshoni.',
  ])
    assert.ok(said.includes(line), `the confirmation says: ${line}`);
  const owner = await apiAs(world, world.users.police);
  assert.deepEqual((await owner.get(`/cases/${doc.id}`)).emergency_access ?? [], [], 'nothing happens before the confirmation');
  await page.getByRole('button', { name: 'Hape rastin tani' }).click();
  await page.getByRole('heading', { level: 1, name: `Rasti ${doc.reference}` }).waitFor();
  const banner = page.getByRole('status').filter({ hasText: 'Qasje emergjente.' });
  assert.match(oneLine(await banner.innerText()), /^Qasje emergjente\. Mbeten (1 d|23 orë 59 min)\. Çdo lexim regjistrohet\.$/);
  await page.getByText(`${doc.survivor.given_name} ${doc.survivor.family_name}`).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Ndrysho të dhënat e personave' }).count(), 0, 'read only');
  assertNoProblems(page);

  const police = await people.page(world.users.police);
  await police.getByRole('link', { name: /^Notifications: [1-9]\d* unread$/ }).click();
  const told = police.getByRole('listitem').filter({ hasText: 'Emergency access to a case' }).filter({ hasText: doc.reference });
  assert.match(oneLine(await told.innerText()), /Shërbimi Social Korçë/, 'the notification names the institution');
  assertNoProblems(police);
});

/* The printed sheet: its text, and whether the screen's frame is hidden when printing. */
async function printed(page, title) {
  const sheet = page.getByRole('article', { name: title });
  await sheet.waitFor();
  await page.emulateMedia({ media: 'print' });
  const hidden = {
    banner: !(await page.getByRole('banner').first().isVisible()),
    nav: !(await page.getByRole('navigation', { name: 'Main' }).isVisible()),
    tools: !(await page.getByRole('button', { name: 'Print', exact: true }).isVisible()),
  };
  const text = oneLine(await sheet.innerText());
  await page.emulateMedia({ media: 'screen' });
  return { text, hidden };
}

const PRINTED_BY = (name, institution) => new RegExp(`Printed by ${name}, ${institution}, on ${dayIn(0).shown.replace(/\./g, '\\.')} \\d\\d:\\d\\d`);

test('printing: the case summary and the referral form say Confidential, the reference, who printed them and when', async () => {
  const doc = await newCase();
  const referral = await referToSocial(doc);
  const page = await people.page(world.users.police);
  await openCase(page, doc);
  await page.getByRole('link', { name: 'Print the case summary' }).click();
  const sheet = await printed(page, 'Case summary');
  assert.match(sheet.text, /^Confidential /i);
  assert.ok(sheet.text.includes(doc.reference));
  assert.match(sheet.text, PRINTED_BY('Oficere Policie', 'Policia Korçë'));
  assert.ok(sheet.text.includes(`${doc.survivor.given_name} ${doc.survivor.family_name}`), 'the owner prints the whole case');
  assert.deepEqual(sheet.hidden, { banner: true, nav: true, tools: true }, 'only the sheet is printed');

  await go(page, `/referrals/${referral.id}`);
  await page.getByRole('link', { name: 'Print the referral form' }).click();
  const form = await printed(page, 'Referral form');
  assert.match(form.text, /^Confidential /i);
  assert.ok(form.text.includes(doc.reference));
  assert.ok(form.text.includes(referral.reason));
  assert.match(form.text, PRINTED_BY('Oficere Policie', 'Policia Korçë'));
  assert.deepEqual(form.hidden, { banner: true, nav: true, tools: true });
  assertNoProblems(page);
});

test("a referral recipient's printed case never holds a confidential address not disclosed to it", async () => {
  const person = survivor({ address: unique('Rruga e fshehtë '), address_confidential: true });
  const doc = await newCase({ survivor: person });
  const referral = await referToSocial(doc, { share: ['identity', 'contact'] });
  await (await apiAs(world, world.users.social)).post(`/referrals/${referral.id}/accept`);

  const page = await people.page(world.users.social);
  await openCase(page, doc);
  await page.getByText('The address is confidential and was not shared with your institution.').waitFor();
  await page.getByText(person.phone).waitFor();
  await page.getByRole('link', { name: 'Print the case summary' }).click();
  const sheet = await printed(page, 'Case summary');
  assert.ok(sheet.text.includes(`${person.given_name} ${person.family_name}`), 'what was shared is printed');
  assert.ok(sheet.text.includes(person.phone));
  assert.equal(sheet.text.includes(person.address), false, 'the confidential address is not printed');
  assert.equal((await page.content()).includes(person.address), false, 'nor anywhere in the page');
  assert.match(sheet.text, PRINTED_BY('Punonjëse Sociale', 'Shërbimi Social Korçë'));
  assertNoProblems(page);
});
