// The casework journey in each language: a new case (survivor, a child, the perpetrator, the
// incident, consent), then a referral to the shelter, accepted by the shelter, which then reads
// what was shared — and not what was not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useWorld } from './support.mjs';
import { buildWorld, signedInPage, unique } from './harness.mjs';

let world, browser;
useWorld(buildWorld, (w) => ({ world, browser } = w));

const WORDS = {
  en: {
    newCase: 'New case', given: 'Given name', family: 'Family name', female: 'Female', day: 'Day', month: 'Month', year: 'Year',
    addChild: 'Add a child', child1: 'Child 1', perpetrator: 'Alleged perpetrator', relationship: 'Relationship to the survivor', spouse: 'Spouse',
    incident: 'The incident', physical: 'Physical violence', place: 'Where did it happen?', home: 'At home', what: 'What happened',
    agreed: 'Has the survivor agreed to share her data?', yes: 'Yes', written: 'Written', shelterType: 'Shelter', identity: 'Identity', contact: 'Contact (phone, address)',
    create: 'Create the case', created: 'The case was created.', referrals: 'Referrals', refer: 'Refer the case', service: 'Service', shelterService: 'Shelter', to: 'To',
    urgency: 'Urgency', urgent: 'Urgent', reason: 'Why this referral', send: 'Send the referral', sent: 'The referral was sent.', notConsented: 'Not covered by the survivor',
    accept: 'Accept', openCase: 'Open the case', address: 'Address', withheld: 'Not shared with your institution',
  },
  sq: {
    newCase: 'Rast i ri', given: 'Emri', family: 'Mbiemri', female: 'Femër', day: 'Dita', month: 'Muaji', year: 'Viti',
    addChild: 'Shto një fëmijë', child1: 'Fëmija 1', perpetrator: 'Dhunuesi i dyshuar', relationship: 'Lidhja me të mbijetuarën', spouse: 'Bashkëshort/e',
    incident: 'Ngjarja', physical: 'Dhunë fizike', place: 'Ku ndodhi?', home: 'Në shtëpi', what: 'Çfarë ndodhi',
    agreed: 'A ka pranuar e mbijetuara t\'i ndajë të dhënat e saj?', yes: 'Po', written: 'Me shkrim', shelterType: 'Strehëz', identity: 'Identiteti', contact: 'Kontakti (telefoni, adresa)',
    create: 'Krijo rastin', created: 'Rasti u krijua.', referrals: 'Referimet', refer: 'Referoje rastin', service: 'Shërbimi', shelterService: 'Strehim', to: 'Për',
    urgency: 'Urgjenca', urgent: 'Urgjente', reason: 'Arsyeja e referimit', send: 'Dërgo referimin', sent: 'Referimi u dërgua.', notConsented: 'Nuk mbulohet nga pëlqimi',
    accept: 'Prano', openCase: 'Hap rastin', address: 'Adresa', withheld: 'Nuk ndahen me institucionin tuaj',
  },
  'sr-Latn': {
    newCase: 'Novi slučaj', given: 'Ime', family: 'Prezime', female: 'Žensko', day: 'Dan', month: 'Mesec', year: 'Godina',
    addChild: 'Dodaj dete', child1: 'Dete 1', perpetrator: 'Navodni počinilac', relationship: 'Odnos sa preživelom', spouse: 'Supružnik',
    incident: 'Incident', physical: 'Fizičko nasilje', place: 'Gde se dogodilo?', home: 'Kod kuće', what: 'Šta se dogodilo',
    agreed: 'Da li je preživela pristala da podeli svoje podatke?', yes: 'Da', written: 'Pismeno', shelterType: 'Sklonište', identity: 'Identitet', contact: 'Kontakt (telefon, adresa)',
    create: 'Napravi slučaj', created: 'Slučaj je napravljen.', referrals: 'Upućivanja', refer: 'Uputi slučaj', service: 'Usluga', shelterService: 'Smeštaj u sklonište', to: 'Za',
    urgency: 'Hitnost', urgent: 'Žurno', reason: 'Razlog upućivanja', send: 'Pošalji upućivanje', sent: 'Upućivanje je poslato.', notConsented: 'Nije pokriveno saglasnošću',
    accept: 'Prihvati', openCase: 'Otvori slučaj', address: 'Adresa', withheld: 'Nije podeljeno sa vašom institucijom',
  },
};

async function fillDate(group, d, m, y, w) {
  await group.getByLabel(w.day).fill(d);
  await group.getByLabel(w.month).fill(m);
  await group.getByLabel(w.year).fill(y);
}

for (const lang of ['sq', 'en', 'sr-Latn']) {
  test(`new case, referral and its acceptance, in ${lang}`, async () => {
    const w = WORDS[lang];
    const given = unique('Liri'), family = unique('Dervishi'), address = unique('Rruga Midhi Kostani '), child = unique('Ana');
    const page = await signedInPage(browser, world, world.users.police, { lang });
    await page.getByRole('navigation', { name: /Main|Kryesore|Glavna/ }).getByRole('link', { name: w.newCase }).click();
    await page.getByRole('heading', { level: 1, name: w.newCase }).waitFor();

    const survivor = page.getByRole('region', { name: /Survivor|E mbijetuara|Preživela/ });
    await survivor.getByLabel(w.given, { exact: true }).fill(given);
    await survivor.getByLabel(w.family, { exact: true }).fill(family);
    await survivor.getByLabel(w.female, { exact: true }).check();
    await fillDate(survivor.getByRole('group', { name: /Date of birth|Datëlindja|Datum rođenja/ }), '14', '3', '1991', w);
    await survivor.getByLabel(w.address, { exact: true }).fill(address);

    await page.getByRole('button', { name: w.addChild }).click();
    const kid = page.getByRole('group', { name: w.child1 });
    await kid.getByLabel(w.given, { exact: true }).fill(child);

    const perp = page.getByRole('region', { name: w.perpetrator });
    await perp.getByLabel(w.given, { exact: true }).fill(unique('Arben'));
    await perp.getByLabel(w.relationship).selectOption({ label: w.spouse });

    const incident = page.getByRole('region', { name: w.incident, exact: true });
    await fillDate(incident.getByRole('group').first(), '20', '11', '2026', w);
    await incident.getByLabel(w.physical).check();
    await incident.getByLabel(w.place).selectOption({ label: w.home });
    await incident.getByLabel(w.what).fill(unique('He hit her '));

    await page.getByRole('group', { name: w.agreed }).getByLabel(w.yes, { exact: true }).check();
    await page.getByLabel(w.written).check();
    await page.getByLabel(w.shelterType, { exact: true }).check();
    await page.getByLabel(w.identity, { exact: true }).check();
    await page.getByRole('button', { name: w.create }).click();
    await page.getByText(w.created).waitFor();
    const reference = (await page.getByRole('heading', { level: 1 }).innerText()).match(/[A-Z]{3}-\d{4}-\d{4}/)[0];

    // Refer to the shelter: only identity is consented for shelters, so contact cannot be ticked.
    await page.getByRole('navigation', { name: /Parts of the case|Pjesët e rastit|Delovi slučaja/ }).getByRole('link', { name: w.referrals }).click();
    await page.getByRole('button', { name: w.refer }).click();
    await page.getByLabel(w.service).selectOption({ label: w.shelterService });
    await page.getByLabel(w.to, { exact: true }).selectOption({ label: `Strehëza Korçë (${w.shelterType})` });
    await page.getByLabel(w.urgent, { exact: true }).check();
    await page.getByLabel(w.reason).fill('Needs a safe place tonight');
    const shareGroup = page.getByRole('group', { name: /Data shared|Të dhënat që ndahen|Podaci koji se dele/ });
    assert.equal(await shareGroup.getByLabel(w.contact, { exact: true }).isDisabled(), true, 'contact is not consented for shelters');
    await shareGroup.getByLabel(w.identity, { exact: true }).check();
    await page.getByRole('button', { name: w.send }).click();
    await page.getByText(w.sent).waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();

    // The shelter accepts and opens the case: names shared, address withheld.
    const shelter = await signedInPage(browser, world, world.users.shelter, { lang });
    await shelter.getByRole('link', { name: reference }).first().click();
    await shelter.getByRole('button', { name: w.accept, exact: true }).click();
    await shelter.getByRole('link', { name: w.openCase }).click();
    await shelter.getByText(`${given} ${family}`).waitFor();
    assert.equal(await shelter.getByText(address).count(), 0, 'the address was not shared');
    await shelter.getByText(w.withheld).first().waitFor();
    assert.deepEqual(shelter.problems, []);
    await shelter.context().close();
  });
}
