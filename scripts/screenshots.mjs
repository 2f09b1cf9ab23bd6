// Makes the README's screenshots (docs/screenshots/) from a fresh server with a small world:
// node scripts/screenshots.mjs        (after make; uses build/ura and Debian's chromium)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Api, REPO, Server, buildWorld, createCase, launchBrowser, settled, signedInPage } from '../tests/e2e/harness.mjs';

const out = join(REPO, 'docs/screenshots');
mkdirSync(out, { recursive: true });

const server = await new Server().start();
const world = await buildWorld(server);
const { api, doc } = await createCase(world, world.users.police, {
  survivor: { given_name: 'Drita', family_name: 'Hoxha', sex: 'female', date_of_birth: '1991-03-14', phone: '+355 69 555 0101', address: 'Rruga e Shkozës 4', municipality_id: world.municipality.id },
  children: [{ given_name: 'Ema', date_of_birth: '2018-01-05', sex: 'female' }],
  perpetrator: { given_name: 'Besnik', family_name: 'Hoxha', relationship: 'spouse' },
  imminent_danger: true,
});
await api.post(`/cases/${doc.id}/referrals`, { to_institution_id: world.institutions.shelter.id, service: 'shelter', urgency: 'emergency', reason: 'Needs a safe place tonight', share: ['identity', 'contact'] });
const social = await new Api(server.url).signIn(world.users.social);
const other = await social.post('/cases', { kind: 'domestic_violence', mechanism_id: world.mechanism.id, survivor: { given_name: 'Mira', family_name: 'Leka', sex: 'female' }, consent: { given: true, method: 'verbal', institution_types: ['police'], categories: ['identity', 'incident'] } });
await social.post(`/cases/${other.id}/referrals`, { to_institution_id: world.institutions.police.id, service: 'police_protection', urgency: 'urgent', reason: 'Threats by phone', share: ['identity'] });

const browser = await launchBrowser();
async function shot(name, lang, width, path, then, full = width < 500) {
  const page = await signedInPage(browser, world, world.users.police, { lang, viewport: { width, height: width < 500 ? 780 : 860 } });
  await page.goto(`${server.url}/#${path}`);
  await settled(page);
  if (then) await then(page);
  await page.screenshot({ path: join(out, `${name}-${lang}-${width}.png`), fullPage: full });
  await page.context().close();
}
await shot('home', 'en', 1280, '/');
await shot('case', 'sq', 1280, `/cases/${doc.id}`);
await shot('new-case', 'sr-Latn', 1280, '/cases/new');
await shot('referral', 'en', 1280, `/cases/${doc.id}/referrals`, async (page) => {
  await page.getByRole('button', { name: 'Refer the case' }).click();
  await page.getByLabel('Service').selectOption({ label: 'Legal aid' });
  await page.getByLabel('To', { exact: true }).selectOption({ label: 'Ndihma Juridike Korçë (Free legal aid)' });
  await page.getByLabel('Urgent', { exact: true }).check();
  await page.getByLabel('Why this referral').fill('Help with the application for a protection order.');
  await page.getByRole('group', { name: 'Data shared' }).getByLabel('Identity', { exact: true }).check();
}, true);
await shot('cases', 'sq', 360, '/cases');
await shot('emergency', 'en', 360, '/emergency', async (page) => {
  await page.getByLabel('Case reference').fill(other.reference);
  await page.getByLabel('Why is this an emergency?').fill('She called the police post at night; her case is with social services.');
  await page.getByRole('button', { name: 'Continue' }).click();
});
await browser.close();
await server.close();
console.log(`screenshots written to ${out}`);
