// fetch() for the REST API: JSON in and out, the bearer token, and errors a UI can show.
import { emit, session, setReachable } from "./session.js";

/** The server answered with an error status (4xx/5xx): `.status`, `.code`, `.message`. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

/** The server could not be reached (down, offline, connection reset). */
export class NetworkError extends Error {
  constructor(message = "The server cannot be reached.") {
    super(message);
    this.name = "NetworkError";
  }
}

// While the server cannot be reached, ask /healthz every few seconds so the app notices
// when it is back even if the user does nothing (the banner clears, views reload).
let probe = null;

function unreachable() {
  setReachable("fetch", false);
  if (probe) return;
  probe = setInterval(async () => {
    try {
      const response = await fetch("/healthz", { cache: "no-store" });
      if (response.ok) reachable();
    } catch {
      /* still down */
    }
  }, 3000);
}

function reachable() {
  clearInterval(probe);
  probe = null;
  setReachable("fetch", true);
}

/** The Authorization header of the session (empty when signed out). */
export function authHeaders() {
  return session.token ? { Authorization: `Bearer ${session.token}` } : {};
}

/** Call the API: parsed JSON (null for 204); throws ApiError or NetworkError. */
export async function api(path, { method = "GET", body, signal } = {}) {
  const headers = { Accept: "application/json", ...authHeaders() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      signal,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (error?.name === "AbortError") throw error;
    unreachable();
    throw new NetworkError();
  }
  // A 502/503/504 comes from a proxy in front of a server that is down: same as unreachable.
  if ([502, 503, 504].includes(response.status)) {
    unreachable();
    throw new NetworkError(`The server is unavailable (${response.status}).`);
  }
  reachable();
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = data?.error || {};
    const message = error.message || response.statusText || `HTTP ${response.status}`;
    if (response.status === 401) emit("unauthorized", { message });
    throw new ApiError(response.status, error.code || `http_${response.status}`, message);
  }
  return data;
}

/** A short sentence for any error thrown by api(). */
export function describeError(error) {
  if (error instanceof NetworkError) return "the server cannot be reached";
  if (error instanceof ApiError) return error.message;
  return error?.message || String(error);
}
