// Live updates: one EventSource on /api/updates, opened with a single-use ticket. Re-emits
// task, notification and notifications_read on the session bus; reports online/offline for
// the banner, and keeps document.documentElement.dataset.live = "on" | "off".
import { api } from "./api.js";
import { emit, on, session, setReachable } from "./session.js";

let source = null;
let lastEventId = null;
let retryTimer = null;
let retryDelay = 1000;
let attempt = 0; // bumped by every start and stop

function setLive(on) {
  document.documentElement.dataset.live = on ? "on" : "off";
  setReachable("live", on);
}

function remember(event) {
  if (event.lastEventId) lastEventId = event.lastEventId;
}

function relay(name) {
  return (event) => {
    remember(event);
    let data = null;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    emit(name, data);
  };
}

function scheduleReconnect(delay = retryDelay) {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => {
    if (session.token) startLive();
  }, delay);
  retryDelay = Math.min(retryDelay * 2, 15_000);
}

// Each (re)connect asks for a fresh single-use ticket, so the long-lived token never goes into
// a URL. A connect started later makes an earlier one's ticket moot (`attempt`).
/** Open (or reopen) the stream for the session's token. */
export function startLive() {
  stopLive({ keepState: true });
  if (!session.token) return;
  const mine = ++attempt;
  connect(mine);
}

async function connect(mine) {
  let ticket;
  try {
    ({ ticket } = await api("/api/stream-ticket", { method: "POST" }));
  } catch (error) {
    if (mine !== attempt) return;
    setLive(false);
    // A 401 signs out (api emits "unauthorized"); anything else: try again later.
    if (error?.status !== 401) scheduleReconnect();
    return;
  }
  if (mine !== attempt || !session.token) return;
  const params = new URLSearchParams({ ticket });
  if (lastEventId) params.set("last_event_id", lastEventId);
  const stream = new EventSource(`/api/updates?${params}`);
  source = stream;
  stream.onopen = () => {
    retryDelay = 1000;
    setLive(true);
  };
  stream.onerror = () => {
    if (source !== stream) return;
    setLive(false);
    // The browser would retry with the same ticket, which is used up: reconnect ourselves
    // with a new one.
    stream.close();
    scheduleReconnect();
  };
  // The token behind the stream expired: renew at once (a signed-out session stops there).
  stream.addEventListener("expired", () => {
    if (source !== stream) return;
    stream.close();
    retryDelay = 1000;
    scheduleReconnect(0);
  });
  stream.addEventListener("task", relay("task"));
  stream.addEventListener("notification", relay("notification"));
  stream.addEventListener("notifications_read", relay("notifications_read"));
}

/** Close the stream; on sign-out (default) also forget where it was. */
export function stopLive({ keepState = false } = {}) {
  clearTimeout(retryTimer);
  attempt += 1;  // a ticket still on its way opens nothing
  if (source) {
    source.close();
    source = null;
  }
  if (!keepState) {
    lastEventId = null;
    retryDelay = 1000;
    document.documentElement.dataset.live = "off";
  }
}

// The server answers again (a fetch or the health probe got through): reconnect at once rather
// than at the end of the stream's back-off.
on("reachable", ({ source, ok }) => {
  if (source === "fetch" && ok && session.token && streamDown()) {
    retryDelay = 1000;
    startLive();
  }
});

function streamDown() {
  return document.documentElement.dataset.live !== "on";
}

/** Whether the stream is open now. */
export function isLive() {
  return document.documentElement.dataset.live === "on";
}
