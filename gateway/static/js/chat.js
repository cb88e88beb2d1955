// The chat with the assistant: POST /api/chat streamed as server-sent events (conversation,
// delta, tool_call, tool_result, done, error). Replies render as sanitised Markdown, tool calls
// as readable lines that expand to their raw arguments and result. While a reply streams the
// input is disabled and Stop aborts the request; a failure says what failed and offers Retry.
// The conversation id is kept in localStorage, so a reload restores the conversation.
import { ApiError, api, authHeaders, describeError } from "./api.js";
import { describeTool, prettyJson } from "./chat-tools.js";
import { browserZone } from "./dates.js";
import { h as el } from "./dom.js";
import { icon } from "./icons.js";
import { renderInto } from "./markdown.js";
import { CONVERSATION_KEY, emit, on, onSignOut, session, setReachable } from "./session.js";

const EXAMPLES = [
  "add pay rent every month on the 1st at 9am p1 #home",
  "call mom tomorrow 5pm, remind me 30 minutes before",
  "what's due this week",
];

let ui = null;  // the mounted elements
let conversation = null;
let streaming = null;  // {controller} while a reply streams
let restoring = null;  // the promise of the conversation being restored
let generation = 0;  // bumped by every reset: answers of an earlier session are dropped
let registered = false;
let cleanup = [];  // undoes what mount attached outside the chat's own elements


function zone() {
  return session.settings?.timezone || browserZone();
}

function remember(id) {
  if (!id) return;
  conversation = id;
  localStorage.setItem(CONVERSATION_KEY, id);
}

function announce(text) {
  if (!ui) return;
  ui.announcer.textContent = "";
  // A new text node a moment later, so a repeated sentence is announced again.
  setTimeout(() => ui && (ui.announcer.textContent = text), 50);
}

function nearBottom() {
  const box = ui.messages;
  return box.scrollHeight - box.scrollTop - box.clientHeight < 80;
}

function scrollDown(force = false) {
  if (ui && (force || nearBottom())) ui.messages.scrollTop = ui.messages.scrollHeight;
}

// ---- turns: a user message, the tool lines it caused, the assistant's reply -----------------

function newTurn(text) {
  ui.empty.hidden = true;
  const turn = el("div", { class: "chat-turn" });
  if (text !== null) turn.append(el("div", { class: "msg user", testid: "msg-user" }, text));
  turn.append(el("div", { class: "chat-tools" }));
  ui.messages.append(turn);
  scrollDown(true);
  return turn;
}

function clearReply(turn) {
  turn.querySelector(".chat-tools").replaceChildren();
  turn.querySelector(".msg.assistant")?.remove();
}

function toolLine(turn, name, args, output) {
  const summaryText = el("span", { class: "tool-text" });
  const summary = el("summary", {}, summaryText);
  // Focusable: a long result scrolls, and keyboard users must be able to scroll it too.
  const argsPre = el("pre", { class: "tool-json", tabIndex: 0 }, prettyJson(args));
  const resultPre = el("pre", { class: "tool-json", tabIndex: 0 });
  const details = el(
    "details", { class: "tool-line", testid: "tool-line" }, summary,
    el("div", { class: "tool-detail" },
      el("p", { class: "tool-label" }, "Arguments"), argsPre,
      el("p", { class: "tool-label" }, "Result"), resultPre),
  );
  function show(result) {
    const described = describeTool(name, args, result, zone());
    summary.querySelector("svg")?.remove();
    summary.prepend(icon(described.icon, { size: 16 }));
    summaryText.textContent = described.text;
    details.dataset.state = described.state;
    resultPre.textContent = result === undefined ? "(no result yet)" : prettyJson(result);
  }
  show(output);
  turn.querySelector(".chat-tools").append(details);
  scrollDown();
  return {
    complete: show,
    unanswered() {
      details.dataset.state = "failed";
      summaryText.textContent = `${summaryText.textContent.replace(/…$/, "")}: no result`;
      resultPre.textContent = "(no result: the reply ended first)";
    },
  };
}

function assistantBubble(turn, { pending = true } = {}) {
  const body = el("div", { class: "msg-body" });
  const bubble = el("div", { class: "msg assistant", testid: pending ? "msg-assistant-pending" : "msg-assistant" }, body);
  if (pending) {
    bubble.setAttribute("aria-busy", "true");
    bubble.append(el("span", { class: "typing" }, el("span"), el("span"), el("span"),
      el("span", { class: "visually-hidden" }, "The assistant is answering")));
  }
  turn.append(bubble);
  scrollDown();
  return bubble;
}

let renderQueued = null;
function renderSoon(bubble, text) {
  // Many deltas per frame are drawn once.
  renderQueued = { bubble, text };
  requestAnimationFrame(() => {
    if (!renderQueued) return;
    const stick = nearBottom();
    renderInto(renderQueued.bubble.querySelector(".msg-body"), renderQueued.text);
    renderQueued = null;
    scrollDown(stick);
  });
}

function settle(bubble, state) {
  renderQueued = null;
  bubble.dataset.testid = "msg-assistant";
  bubble.dataset.state = state;
  bubble.removeAttribute("aria-busy");
  bubble.querySelector(".typing")?.remove();
}

function finish(bubble, text) {
  settle(bubble, "done");
  renderInto(bubble.querySelector(".msg-body"), text || "(no answer)");
  announce(`Assistant: ${bubble.querySelector(".msg-body").textContent}`);
  scrollDown();
}

function stopped(bubble, text) {
  settle(bubble, "stopped");
  renderInto(bubble.querySelector(".msg-body"), text);
  bubble.append(el("p", { class: "msg-note stopped" }, icon("stop", { size: 16 }),
    text ? "Stopped: the reply above is incomplete." : "Stopped before the assistant answered."));
  announce("Reply stopped");
  scrollDown();
}

function fail(bubble, message, retry, text = "") {
  settle(bubble, "error");
  if (text) renderInto(bubble.querySelector(".msg-body"), text);
  const note = el("p", { class: "msg-note error", role: "alert" }, icon("alert", { size: 16 }), el("span", {}, message));
  if (retry) {
    const button = el("button", { type: "button", class: "chat-retry", testid: "retry" }, icon("retry", { size: 16 }), "Retry");
    button.addEventListener("click", retry);
    note.append(button);
  }
  bubble.append(note);
  scrollDown(true);
}

// ---- sending ------------------------------------------------------------------------------

/** The server-sent events of a fetch response body: {event, data} with data parsed. */
async function* readEvents(body) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let boundary;
    while ((boundary = /\r?\n\r?\n/.exec(buffer))) {
      const block = buffer.slice(0, boundary.index);
      buffer = buffer.slice(boundary.index + boundary[0].length);
      let event = "message";
      const data = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith(":")) continue;  // a keep-alive comment
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") event = text;
        else if (field === "data") data.push(text);
      }
      if (!data.length) continue;
      try {
        yield { event, data: JSON.parse(data.join("\n")) };
      } catch {
        // not JSON: not one of ours
      }
    }
  }
}

function setBusy(busy) {
  if (!ui) return;
  const hadFocus = ui.root.contains(document.activeElement);
  ui.input.disabled = busy;
  ui.send.hidden = busy;
  ui.stop.hidden = !busy;
  if (hadFocus) (busy ? ui.stop : ui.input).focus();
}

async function refuse(response, bubble, retry) {
  const body = await response.json().catch(() => null);
  const message = body?.error?.message || response.statusText || `HTTP ${response.status}`;
  if (response.status === 401) {
    fail(bubble, "Your session has expired: sign in again.", null);
    emit("unauthorized", { message });
  } else if ([502, 503, 504].includes(response.status)) {
    setReachable("fetch", false);
    fail(bubble, `The server is unavailable (${response.status}). Your message was not answered.`, retry);
  } else {
    setReachable("fetch", true);
    fail(bubble, `The message was not answered: ${message}`, retry);
  }
}

async function sendMessage(text, turn = null) {
  if (!ui || streaming) return;
  const gen = generation;
  const controller = new AbortController();
  streaming = { controller };
  setBusy(true);
  await restoring;  // a conversation being restored comes first
  if (gen !== generation) return;
  if (turn) clearReply(turn);
  else turn = newTurn(text);
  const bubble = assistantBubble(turn);
  const retry = () => sendMessage(text, turn);
  const waiting = [];  // tool lines awaiting their results, in call order
  let reply = "";
  let ended = false;
  try {
    const response = await fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream", ...authHeaders() },
      body: JSON.stringify({ message: text, conversation_id: conversation }),
      signal: controller.signal,
    });
    if (gen !== generation) return;
    if (!response.ok) {
      await refuse(response, bubble, retry);
      return;
    }
    setReachable("fetch", true);
    for await (const { event, data } of readEvents(response.body)) {
      if (gen !== generation) return;
      if (event === "conversation") remember(data.conversation_id);
      else if (event === "delta") {
        reply += data.text ?? "";
        renderSoon(bubble, reply);
      } else if (event === "tool_call") waiting.push(toolLine(turn, data.name, data.arguments));
      else if (event === "tool_result") waiting.shift()?.complete(data.output);
      else if (event === "done") {
        remember(data.conversation_id);
        finish(bubble, data.text || reply);
        ended = true;
      } else if (event === "error") {
        fail(bubble, data.message || "The assistant failed.", retry, reply);
        ended = true;
      }
    }
    if (!ended) fail(bubble, "The reply was cut off before it was complete.", retry, reply);
  } catch (error) {
    if (gen !== generation) return;
    if (error?.name === "AbortError") stopped(bubble, reply);
    else {
      setReachable("fetch", false);
      fail(bubble, "Could not reach the server. Check the connection, then retry.", retry, reply);
    }
  } finally {
    if (gen === generation) {
      for (const line of waiting) line.unanswered();
      streaming = null;
      setBusy(false);
    }
  }
}

// ---- restoring ----------------------------------------------------------------------------

function renderHistory(messages) {
  let turn = null;
  for (const message of messages) {
    if (message.role === "user") turn = newTurn(message.text);
    else {
      turn ??= newTurn(null);
      if (message.role === "tool") toolLine(turn, message.name, message.arguments, message.output);
      else if (message.role === "assistant" && message.text) {
        renderInto(assistantBubble(turn, { pending: false }).querySelector(".msg-body"), message.text);
      }
    }
  }
  scrollDown(true);
}

async function restore() {
  const id = localStorage.getItem(CONVERSATION_KEY);
  if (!id || !ui) return;
  const gen = generation;
  conversation = id;
  const loading = el("p", { class: "chat-status", role: "status" }, "Loading the conversation…");
  ui.messages.append(loading);
  try {
    const data = await api(`/api/conversations/${encodeURIComponent(id)}/messages`);
    if (gen !== generation) return;
    loading.remove();
    if (data?.messages?.length) renderHistory(data.messages);
  } catch (error) {
    if (gen !== generation) return;
    loading.remove();
    if (error instanceof ApiError && error.status === 404) {
      // Gone, or not this user's: the next message starts a new conversation.
      conversation = null;
      localStorage.removeItem(CONVERSATION_KEY);
    } else if (!(error instanceof ApiError && error.status === 401)) {
      const retry = el("button", { type: "button", class: "chat-retry", testid: "retry" }, icon("retry", { size: 16 }), "Retry");
      const note = el("p", { class: "msg-note error", role: "alert" }, icon("alert", { size: 16 }),
        el("span", {}, `Could not load the conversation: ${describeError(error)}.`), retry);
      retry.addEventListener("click", () => {
        note.remove();
        restoring = restore();
      });
      ui.messages.append(note);
    }
  }
}

// ---- mounting -----------------------------------------------------------------------------

function emptyState(input) {
  const list = el("ul", { class: "chat-examples" });
  for (const example of EXAMPLES) {
    const button = el("button", { type: "button", class: "chat-example" }, example);
    button.addEventListener("click", () => {
      input.value = example;
      input.dispatchEvent(new Event("input"));
      input.focus();
    });
    list.append(el("li", {}, button));
  }
  return el("div", { class: "chat-empty", testid: "chat-empty" },
    icon("chat", { size: 28 }),
    el("p", { class: "chat-empty-title" }, "Tell the assistant what to do"),
    el("p", {}, "Add, find and change tasks in plain words. Try:"), list);
}

function newConversation() {
  resetChat();
  localStorage.removeItem(CONVERSATION_KEY);
  ui.input.focus();
}

/** Draw the chat into `root` (the shell's #chat-panel) and restore the stored conversation. */
export function mountChat(root) {
  resetChat();
  for (const undo of cleanup.splice(0)) undo();
  ui?.root.remove();
  if (!registered) {
    onSignOut(resetChat);
    registered = true;
  }
  const input = el("textarea", {
    id: "chat-input", testid: "chat-input", rows: 1, maxLength: 4000, autocomplete: "off",
    placeholder: "Add, find or change tasks…", enterKeyHint: "send",
  });
  const send = el("button", { type: "submit", class: "chat-send", testid: "send", "aria-label": "Send" }, icon("send"));
  const stop = el("button", { type: "button", class: "chat-stop", testid: "stop", hidden: true }, icon("stop"), "Stop");
  const form = el("form", { class: "chat-composer" },
    el("label", { htmlFor: "chat-input", class: "visually-hidden" }, "Message to the assistant"), input, send, stop);
  const empty = emptyState(input);
  const messages = el("div", { class: "chat-messages", testid: "messages", role: "region", "aria-label": "Conversation", tabIndex: 0 }, empty);
  const fresh = el("button", { type: "button", class: "chat-new", testid: "new-chat" }, icon("plus", { size: 16 }), "New chat");
  const head = el("div", { class: "chat-head" }, el("h2", { class: "chat-title" }, "Assistant"), fresh);
  const announcer = el("div", { class: "visually-hidden", "aria-live": "polite", testid: "chat-announcer" });
  const box = el("div", { class: "chat" }, head, messages, form, announcer);
  root.append(box);
  ui = { root: box, messages, empty, input, send, stop, announcer };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || streaming) return;
    input.value = "";
    input.style.height = "";
    sendMessage(text);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  input.addEventListener("input", () => {
    input.style.height = "";
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  });
  stop.addEventListener("click", () => streaming?.controller.abort());
  fresh.addEventListener("click", newConversation);
  // The shell mounts once per page; a later sign-in (after a sign-out) restores from here.
  cleanup.push(on("signin", () => {
    if (ui) restoring = restore();
  }));
  restoring = restore();
}

/** Sign-out: stop a streaming reply, forget the conversation, empty the chat. */
export function resetChat() {
  generation += 1;
  streaming?.controller.abort();
  streaming = null;
  restoring = null;
  renderQueued = null;
  conversation = null;
  if (!session.token) localStorage.removeItem(CONVERSATION_KEY);
  if (!ui) return;
  ui.messages.querySelectorAll(".chat-turn, .msg-note, .chat-status").forEach((node) => node.remove());
  ui.empty.hidden = false;
  ui.input.value = "";
  ui.input.style.height = "";
  ui.announcer.textContent = "";
  setBusy(false);
}
