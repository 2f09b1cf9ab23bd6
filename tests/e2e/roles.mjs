// The world of the screens of the roles that hold no cases (issue 13): the Korçë world of
// harness.mjs, plus a national user, an auditor, a Kosovo municipality with its own mechanism,
// and casework that feeds the reports and the audit log — cases whose people have distinctive
// names, referrals (one sharing without consent), an emergency access, a held meeting and a
// training. `secrets` lists every personal string put in, for the leak tests.
import { Api, PASSWORD, buildWorld, unique } from './harness.mjs';

async function addUser(admin, prefix, role, displayName, institutionId) {
  const username = unique(prefix).toLowerCase().slice(0, 40);
  const body = { username, display_name: displayName, password: PASSWORD, role, locale: 'sq' };
  if (institutionId) body.institution_id = institutionId;
  const u = await admin.post('/users', body);
  return { id: u.id, username, password: PASSWORD, displayName };
}

/* A survivor with names no other run used; every personal string goes into `secrets`. */
function person(secrets, municipalityId) {
  const p = {
    given_name: unique('Zamira'),
    family_name: unique('Qerimi'),
    sex: 'female',
    date_of_birth: '1987-05-11',
    phone: `+355 69 7${String(Date.now()).slice(-6)}`,
    address: unique('Rruga Fan Noli '),
    municipality_id: municipalityId,
  };
  secrets.push(p.given_name, p.family_name, p.phone, p.address);
  return p;
}

export async function buildRolesWorld(server) {
  const world = await buildWorld(server);
  const { admin } = world;
  const secrets = [];
  world.secrets = secrets;
  world.users.national = await addUser(admin, 'komb', 'national', 'Koordinatori Kombëtar');
  world.users.auditor = await addUser(admin, 'audit', 'auditor', 'Audituesja');

  // Prizren, Kosovo: a gender-based violence mechanism led by the Gender Equality Officer.
  const code = `P${String.fromCharCode(65 + Math.floor(Math.random() * 26))}${String.fromCharCode(65 + Math.floor(Math.random() * 26))}`;
  const prizren = await admin.post('/municipalities', { name: `Prizren ${code}`, code, region: 'Prizren', country: 'XK' });
  const officer = await addUser(admin, 'zbg', 'coordinator', 'Zyrtarja për Barazi Gjinore');
  const gbv = await admin.post('/mechanisms', {
    name: `Mekanizmi Prizren ${code}`,
    kind: 'gbv',
    municipality_id: prizren.id,
    coordinator_user_id: officer.id,
    memorandum_date: '2019-03-08',
    memorandum_ref: 'Nr. 05/2019',
  });
  const kPolice = await admin.post('/institutions', { name: `Policia e Kosovës, Prizren ${code}`, type: 'police', municipality_id: prizren.id, services: ['police_protection'], languages: ['sq', 'sr', 'tr'] });
  const kSocial = await admin.post('/institutions', { name: `Qendra për Punë Sociale Prizren ${code}`, type: 'social_services', municipality_id: prizren.id, services: ['psychosocial'], languages: ['sq', 'sr', 'tr'] });
  // Two members and a coordinator: an active mechanism (that has held no meeting this year).
  for (const member of [kPolice, kSocial]) await admin.post(`/mechanisms/${gbv.id}/members`, { institution_id: member.id, joined_on: '2019-03-08' });
  world.kosovo = { municipality: prizren, mechanism: gbv, police: kPolice, social: kSocial, officer };

  // Casework in Korçë: three cases, referrals, a note, one referral without consent.
  const police = await new Api(server.url).signIn(world.users.police);
  const cases = [];
  for (let i = 0; i < 3; i++) {
    const narrative = unique('Ai e goditi në kuzhinë ');
    secrets.push(narrative);
    cases.push(
      await police.post('/cases', {
        kind: 'domestic_violence',
        mechanism_id: world.mechanism.id,
        imminent_danger: i === 0,
        survivor: person(secrets, world.municipality.id),
        incident: { occurred_on: '2026-11-20', forms: ['physical', 'psychological'], place: 'home', narrative },
        consent: { given: true, method: 'written', institution_types: ['social_services', 'shelter'], categories: ['identity', 'contact', 'incident'] },
      }),
    );
  }
  const note = unique('Shënim privat ');
  const reason = unique('Ka nevojë për strehim sonte ');
  const justification = unique('Rrezik i menjëhershëm për jetën ');
  secrets.push(note, reason, justification);
  world.justification = justification; /* the auditor reads it among the emergency-basis referrals */
  await police.post(`/cases/${cases[0].id}/notes`, { body: note, visibility: 'involved' });
  await police.post(`/cases/${cases[0].id}/referrals`, { to_institution_id: world.institutions.shelter.id, service: 'shelter', urgency: 'emergency', reason, share: ['identity'] });
  await police.post(`/cases/${cases[1].id}/referrals`, { to_institution_id: world.institutions.social.id, service: 'psychosocial', urgency: 'routine', reason, share: ['identity', 'contact'] });
  world.withoutConsent = await police.post(`/cases/${cases[0].id}/referrals`, {
    to_institution_id: world.institutions.legal.id,
    service: 'legal_aid',
    urgency: 'urgent',
    reason,
    share: ['identity', 'incident'],
    basis: 'emergency',
    justification,
  });

  // Break glass: legal aid opens a case of the police in an emergency, and reads it.
  const legal = await new Api(server.url).signIn(world.users.legal);
  const glass = unique('Ajo erdhi natën pa dokumente ');
  secrets.push(glass);
  world.grant = await legal.post('/emergency-access', { reference: cases[2].reference, justification: glass });
  await legal.get(`/cases/${cases[2].id}`);

  // Governance: a regular meeting held, and a training.
  const coordinator = await new Api(server.url).signIn(world.users.coordinator);
  const meeting = await coordinator.post(`/mechanisms/${world.mechanism.id}/meetings`, { kind: 'regular', scheduled_at: '2026-03-10T09:00:00Z', place: 'Bashkia Korçë' });
  await coordinator.patch(`/meetings/${meeting.id}`, { status: 'held' });
  await coordinator.post('/trainings', {
    title: 'Vlerësimi i riskut',
    topic: 'Risk',
    starts_on: '2026-04-14',
    ends_on: '2026-04-15',
    mechanism_id: world.mechanism.id,
    participants: [{ institution_type: 'police', women: 6, men: 4 }],
  });
  world.cases = cases;
  return world;
}

/* Everything a page shows and every address it used, lower-cased, for the leak tests. */
export async function pageText(page) {
  return (await page.evaluate(() => document.body.innerText + document.title)).toLowerCase();
}
/* The secrets found in `text`, as it is and with each line URL-decoded (addresses). */
export function leaksIn(text, secrets) {
  const decode = (line) => {
    try {
      return decodeURIComponent(line.replace(/\+/g, ' '));
    } catch {
      return line;
    }
  };
  const t = `${text}\n${text.split('\n').map(decode).join('\n')}`.toLowerCase();
  return secrets.filter((s) => t.includes(s.toLowerCase()));
}
