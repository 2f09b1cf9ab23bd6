// A message for the next screen (e.g. "case created", with the duplicate warnings), kept in
// memory for one hand-over only.
let pending = null;

export function setFlash(message) {
  pending = message;
}
export function takeFlash() {
  const m = pending;
  pending = null;
  return m;
}
