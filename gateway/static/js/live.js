// Live updates: one EventSource on /api/updates. Re-emits task, notification and
// notifications_read on the session bus; reports online/offline for the banner, and keeps
// document.documentElement.dataset.live = "on" | "off".
import { api } from "./api.js";
import { emit, on, session, setReachable } from "./session.js";

let source = null;
let lastEventId = null;
let retryTimer = null;
let retryDelay = 1000;

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

function scheduleReconnect() {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(async () => {
    if (!session.token) return;
    try {
      await api("/api/settings");  // a 401 here signs out (api emits "unauthorized")
    } catch (error) {
      if (error?.status === 401) return;
    }
    if (session.token) startLive();
  }, retryDelay);
  retryDelay = Math.min(retryDelay * 2, 15_000);
}

/** Open (or reopen) the stream for the session's token. */
export function startLive() {
  stopLive({ keepState: true });
  if (!session.token) return;
  const params = new URLSearchParams({ access_token: session.token });
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
    // The browser retries a dropped stream by itself; a refused one (CLOSED) is ours to retry.
    if (stream.readyState === EventSource.CLOSED) scheduleReconnect();
  };
  stream.addEventListener("task", relay("task"));
  stream.addEventListener("notification", relay("notification"));
  stream.addEventListener("notifications_read", relay("notifications_read"));
}

/** Close the stream; on sign-out (default) also forget where it was. */
export function stopLive({ keepState = false } = {}) {
  clearTimeout(retryTimer);
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
