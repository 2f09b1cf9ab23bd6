// Which mechanism a governance screen is about: the one in the address, else the first the
// person coordinates (a coordinator) or belongs to through their institution (staff).
import { useSession } from '../lib/session.js';

export function useMechanism(id) {
  const { directory } = useSession();
  const mine = directory.myMechanisms;
  const mechanism = id ? directory.mechanism(Number(id)) : mine[0];
  return { mechanism, mine, tz: mechanism ? directory.timeZoneOf(mechanism.id) : directory.tz };
}

export function isCoordinatorOf(user, mechanism) {
  return !!mechanism && user.role === 'coordinator' && mechanism.coordinator_user_id === user.id;
}
