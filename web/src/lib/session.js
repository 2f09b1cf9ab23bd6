// What every screen may ask about the person signed in: who they are, the directory
// (institutions and mechanisms: names, types, services — no personal data), and the time zone
// to show times in. All of it lives in memory and is dropped on sign-out and on lock.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { DEFAULT_TIME_ZONE } from './format.js';
import { getAll } from './api.js';

export const SessionContext = createContext(null);

export function useSession() {
  return useContext(SessionContext);
}

export const STAFF_ROLES = ['caseworker', 'manager'];
export function isStaff(user) {
  return !!user && STAFF_ROLES.includes(user.role);
}

/* Loads the directory the screens name things from, in four requests at once. */
export async function loadDirectory(user) {
  const [institutions, mechanisms, memberships, municipalities] = await Promise.all([
    getAll('/institutions'),
    getAll('/mechanisms'),
    user.institution_id ? getAll(`/institutions/${user.institution_id}/memberships`) : Promise.resolve([]),
    getAll('/municipalities'),
  ]);
  const ids = new Set(memberships.map((m) => m.mechanism_id));
  const memberOf = mechanisms.filter((m) => ids.has(m.id));
  return makeDirectory({ institutions, mechanisms, memberOf, municipalities }, user);
}

export function makeDirectory({ institutions, mechanisms, memberOf, municipalities }, user) {
  const inst = new Map(institutions.map((i) => [i.id, i]));
  const mech = new Map(mechanisms.map((m) => [m.id, m]));
  const coordinated = mechanisms.filter((m) => user && m.coordinator_user_id === user.id);
  const myMechanisms = isStaff(user) ? memberOf : coordinated;
  const tz = myMechanisms[0]?.time_zone || DEFAULT_TIME_ZONE;
  return {
    loadedAt: Date.now(),
    municipalities,
    institutions,
    mechanisms,
    myMechanisms,
    institution: (id) => inst.get(id),
    mechanism: (id) => mech.get(id),
    institutionName: (id) => inst.get(id)?.name ?? (id ? `#${id}` : ''),
    timeZoneOf: (mechanismId) => mech.get(mechanismId)?.time_zone || tz,
    tz,
  };
}
