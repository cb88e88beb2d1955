// Quick add above the list: as the user types, chips show what the parser read (date, time,
// priority, tags, recurrence, reminder) via POST /api/tasks/parse; Enter adds the task.
import { api, ApiError } from "./api.js";
import { dayKey, toRfc3339 } from "./dates.js";
import { $, debounce, h } from "./dom.js";
import { icon } from "./icons.js";
import { onSignOut } from "./session.js";
import { currentView, load, select, zone } from "./tasks.js";
import { attempt, toast } from "./toast.js";

const CHIP_ICONS = { date: "calendar", time: "clock", priority: "flag", tag: "tag", recurrence: "repeat", reminder: "bell" };

let parsed = null;          // {text, result} of the latest parse
let parseSupported = true;  // false when the server has no parse endpoint
let controller = null;

/** Ask the server what `text` means (nothing is saved); null when it cannot say. `mode`
 * "date" reads only a date/time in words (the editor's "type a date" field). */
export async function parseText(text, { signal, mode = null } = {}) {
  if (!parseSupported || !text.trim()) return null;
  const body = { text, timezone: zone() };
  if (mode) body.mode = mode;
  try {
    return await api("/api/tasks/parse", { method: "POST", body, signal });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) parseSupported = false;
    if (error instanceof ApiError && error.status === 422) return { invalid: error.message };
    if (error?.name === "AbortError") throw error;
    return null;
  }
}

/** What the view adds on its own: Today gives a date, a tag view its tag. */
function implied(result) {
  const view = currentView();
  const extra = [];
  if (view?.name === "today" && !result?.due) extra.push({ kind: "date", text: "Today", implied: true });
  if (view?.name === "tag" && !(result?.tags || []).includes(view.tag)) extra.push({ kind: "tag", text: `#${view.tag}`, implied: true });
  return extra;
}

function renderChips(result) {
  if (!$("quick-add").value.trim()) {
    $("chips").replaceChildren();
    return;
  }
  const shown = [...(result?.chips || []), ...implied(result)];
  $("chips").replaceChildren(...shown.map((chip) =>
    h("span", { class: `chip chip-${chip.kind}${chip.implied ? " chip-implied" : ""}`, testid: "chip", dataset: { kind: chip.kind },
      attrs: chip.source ? { title: `from “${chip.source}”` } : {} },
    icon(CHIP_ICONS[chip.kind] || "tag", { size: 14 }), chip.text)));
  if (result?.invalid) $("chips").append(h("span", { class: "chip chip-invalid", testid: "chip-invalid", text: result.invalid }));
}

const parseSoon = debounce(async () => {
  const text = $("quick-add").value;
  controller?.abort();
  if (!text.trim()) {
    parsed = null;
    renderChips(null);
    return;
  }
  controller = new AbortController();
  try {
    const result = await parseText(text, { signal: controller.signal });
    if ($("quick-add").value !== text) return;
    parsed = { text, result };
    renderChips(result);
  } catch {
    /* aborted: a newer parse is on its way */
  }
}, 200);

/** The body of POST /api/tasks for `text`, from the parser's reading of it. */
export function bodyFor(text, result) {
  const body = { title: text.trim() };
  if (result && !result.invalid) {
    body.title = result.title || body.title;
    if (result.description) body.description = result.description;
    if (result.priority) body.priority = result.priority;
    if (result.tags?.length) body.tags = [...result.tags];
    if (result.due) body.due = result.due;
    if (result.timezone) body.timezone = result.timezone;
    if (result.recurrence) body.recurrence = { rule: result.recurrence.rule, anchor: result.recurrence.anchor || "due" };
    if (result.reminders?.length) body.reminders = result.reminders.map((r) => (r.before ? { before: r.before } : { at: r.at }));
  }
  const view = currentView();
  if (view?.name === "today" && !body.due) {
    body.due = toRfc3339(dayKey(new Date(), zone()), "00:00", zone());
    body.timezone = body.timezone || zone();
  }
  if (view?.name === "tag") body.tags = [...new Set([...(body.tags || []), view.tag])];
  if (!body.timezone) body.timezone = zone();
  return body;
}

async function submit(event) {
  event.preventDefault();
  const input = $("quick-add");
  const text = input.value.trim();
  if (!text) return;
  parseSoon.cancel();
  controller?.abort();
  let result = parsed?.text === input.value ? parsed.result : null;
  if (!result) {
    try {
      result = await parseText(text);
    } catch {
      result = null;
    }
  }
  if (result?.invalid) {
    renderChips(result);
    return;
  }
  const body = bodyFor(text, result);
  input.disabled = true;
  const created = await attempt(`Could not add “${body.title}”`, () => api("/api/tasks", { method: "POST", body }));
  input.disabled = false;
  input.focus();
  if (!created) return;
  if (input.value.trim() === text) {
    input.value = "";
    parsed = null;
    renderChips(null);
  }
  toast(`Added “${created.title}”`);
  await load();
  select(created.id);
}

/** Wire the quick-add form. */
// The placeholder shows an example that fits the box: a shorter one on a phone.
const PLACEHOLDER = { wide: "Add a task: call mom tomorrow 5pm #family", narrow: "Add a task" };

export function setupQuickAdd() {
  const narrow = window.matchMedia("(max-width: 700px)");
  const fit = () => { $("quick-add").placeholder = narrow.matches ? PLACEHOLDER.narrow : PLACEHOLDER.wide; };
  narrow.addEventListener("change", fit);
  fit();
  $("quick-add-form").addEventListener("submit", submit);
  $("quick-add").addEventListener("input", parseSoon);
  onSignOut(() => {
    $("quick-add").value = "";
    parsed = null;
    parseSupported = true;
    renderChips(null);
  });
}

/** Show the implied chips again (the view changed). */
export function refreshChips() {
  renderChips(parsed?.text === $("quick-add").value ? parsed.result : null);
}
