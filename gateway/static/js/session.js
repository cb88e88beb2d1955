// The signed-in session: token, user, settings and the bus every module listens on.
// Events (CustomEvent, payload in .detail): signin, signout, unauthorized, online, offline,
// task, notification, notifications_read, settings.

const TOKEN_KEY = "todo-token";
export const CONVERSATION_KEY = "todo-conversation";

export const session = { token: null, user: null, settings: null, bus: new EventTarget() };

const resets = [];
// Each source of connectivity (the live stream, fetches) reports here; the app is online
// when none of them is failing.
const failing = new Set();

/** Dispatch `name` on the bus with `detail`. */
export function emit(name, detail = null) {
  session.bus.dispatchEvent(new CustomEvent(name, { detail }));
}

/** Listen to `name` on the bus; returns a function that stops listening. */
export function on(name, handler) {
  const listener = (event) => handler(event.detail, event);
  session.bus.addEventListener(name, listener);
  return () => session.bus.removeEventListener(name, listener);
}

/** Register a reset that sign-out calls (clear your state and your DOM). */
export function onSignOut(fn) {
  resets.push(fn);
}

/** Whether every connectivity source currently works. */
export function isOnline() {
  return failing.size === 0;
}

/** Report that `source` ("live", "fetch") works or fails; emits online/offline on changes. */
export function setReachable(source, ok) {
  const before = failing.size === 0;
  const was = !failing.has(source);
  if (ok) failing.delete(source);
  else failing.add(source);
  if (was !== ok) emit("reachable", { source, ok });
  const after = failing.size === 0;
  if (before !== after) emit(after ? "online" : "offline", { source });
}

/** The claims of a JWT, without checking it (the server does); {} when unreadable. */
export function claims(token) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(part + "=".repeat((4 - (part.length % 4)) % 4)));
  } catch {
    return {};
  }
}

/** The token from a `#token=` sign-in link (stored, then removed from the address bar). */
export function storedToken() {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromHash) {
    localStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(history.state, "", location.pathname + location.search);
  }
  return localStorage.getItem(TOKEN_KEY);
}

/** Start a session with `token`: remembered until sign-out. */
export function signIn(token) {
  session.token = token;
  session.user = claims(token).sub || null;
  localStorage.setItem(TOKEN_KEY, token);
  emit("signin", { user: session.user });
}

/** End the session: forget the token, the conversation and every module's state. */
export function signOut(message = "") {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(CONVERSATION_KEY);
  session.token = null;
  session.user = null;
  session.settings = null;
  failing.clear();
  for (const reset of resets) {
    try {
      reset();
    } catch (error) {
      console.error("sign-out reset failed", error);
    }
  }
  emit("signout", { message });
}
