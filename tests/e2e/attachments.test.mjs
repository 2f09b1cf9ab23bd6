// Documents (issue 16) as people attach and open them: the police caseworker uploads a
// scanned order through the labelled file input with its category, sees it listed (name,
// type, size, who, when), downloads it and gets the very bytes back; a file of another type
// is refused in her language; she deletes one after confirming. The shelter, to which the
// case is referred, finds the packet's document on the referral and downloads it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { axeViolations, buildWorld, unique } from './harness.mjs';
import { apiAs, assertNoProblems, caseTab, openCase, registerCase, useWorld } from './support.mjs';

let world, people;
useWorld(buildWorld, (w) => ({ world, people } = w));

const PDF = Buffer.from(`%PDF-1.4\n1 0 obj << /Title (Urdhër mbrojtjeje ${unique('u')}) >> endobj\ntrailer\n%%EOF\n`);

async function downloaded(page, click) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

test('upload through the file input, see it listed, download the same bytes, delete it', async () => {
  const doc = await registerCase(world, world.users.police);
  const page = await people.page(world.users.police);
  await openCase(page, doc);
  await caseTab(page, 'Documents');
  const section = page.getByRole('region', { name: 'Documents' });
  await section.getByText('No documents yet.').waitFor();

  const name = `Urdhër mbrojtjeje ${unique('n')}.pdf`;
  await section.getByLabel('File', { exact: true }).setInputFiles({ name, mimeType: 'application/pdf', buffer: PDF });
  await section.getByLabel('Category').selectOption({ label: 'Legal matters' });
  await section.getByRole('button', { name: 'Upload' }).click();

  const row = section.getByRole('row').filter({ hasText: name });
  await row.waitFor();
  const cells = await row.getByRole('cell').allInnerTexts();
  assert.deepEqual(cells.slice(1, 5), ['PDF', `${PDF.length} bytes`, 'Legal matters', 'Oficere Policie']);
  assert.match(cells[5], /2026/);

  const got = await downloaded(page, () => row.getByRole('button', { name: `Download ${name}` }).click());
  assert.equal(got.name, name);
  assert.deepEqual(got.bytes, PDF);
  assert.deepEqual(await axeViolations(page), []);

  await row.getByRole('button', { name: `Delete ${name}` }).click();
  await section.getByRole('group', { name: `Delete ${name}` }).getByRole('button', { name: 'Delete', exact: true }).click();
  await section.getByText('No documents yet.').waitFor();
  assertNoProblems(page);
});

test('a file of another type is refused, in the language the user chose', async () => {
  const doc = await registerCase(world, world.users.police);
  const page = await people.page(world.users.police, { lang: 'sq' });
  await openCase(page, doc, 'attachments');
  const section = page.getByRole('region', { name: 'Dokumentet' });
  await section.getByLabel('Skedari', { exact: true }).setInputFiles({ name: 'urdhri.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00program') });
  await section.getByRole('button', { name: 'Ngarko' }).click();
  await section.getByRole('alert').filter({ hasText: 'Mund të bashkëngjiten vetëm skedarë PDF' }).waitFor();
  await section.getByText('Ende asnjë dokument.').waitFor();
  // Without a file: said beside the input, nothing sent.
  await section.getByLabel('Skedari', { exact: true }).setInputFiles([]);
  await section.getByRole('button', { name: 'Ngarko' }).click();
  await section.getByText('Zgjidhni një skedar').waitFor();
  assertNoProblems(page, ['HTTP 415']);
});

test('the shelter opens the document of the referral packet sent to it', async () => {
  const doc = await registerCase(world, world.users.police);
  const police = await apiAs(world, world.users.police);
  const referral = await police.post(`/cases/${doc.id}/referrals`, {
    to_institution_id: world.institutions.shelter.id, service: 'shelter', urgency: 'urgent', reason: 'Strehim i sigurt', share: ['identity'],
  });
  const sender = await people.page(world.users.police, { lang: 'sr-Latn' });
  await sender.goto(`${sender.url().split('#')[0]}#/referrals/${referral.id}`);
  const mine = sender.getByRole('region', { name: 'Dokumenti' });
  const name = `Lična karta ${unique('k')}.pdf`;
  await mine.getByLabel('Datoteka', { exact: true }).setInputFiles({ name, mimeType: 'application/pdf', buffer: PDF });
  await mine.getByLabel('Kategorija').selectOption({ label: 'Identitet' });
  await mine.getByRole('button', { name: 'Otpremi' }).click();
  await mine.getByRole('row').filter({ hasText: name }).waitFor();

  const shelter = await people.page(world.users.shelter);
  await shelter.goto(`${shelter.url().split('#')[0]}#/referrals/${referral.id}`);
  const packet = shelter.getByRole('region', { name: 'Documents' });
  const row = packet.getByRole('row').filter({ hasText: name });
  await row.waitFor();
  assert.equal(await packet.getByRole('button', { name: 'Upload' }).count(), 0, 'the recipient does not add to the packet');
  const got = await downloaded(shelter, () => row.getByRole('button', { name: `Download ${name}` }).click());
  assert.deepEqual(got.bytes, PDF);
  assertNoProblems(shelter);
  assertNoProblems(sender);
});
