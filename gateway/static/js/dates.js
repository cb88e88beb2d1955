// Dates in words, in the user's zone: "Today 17:00", "Tomorrow", "Yesterday 18:00",
// "Mon 7 Dec 17:00" ("Mon 7 Dec 2027" in another year). 24-hour times; day and month names
// from the browser's locale. Same rules as the server's core/humanize.py.

const DAY_MS = 86_400_000;
const partsCache = new Map();
const namesCache = new Map();

function partsFormat(zone) {
  let format = partsCache.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", second: "numeric", hourCycle: "h23",
    });
    partsCache.set(zone, format);
  }
  return format;
}

/** The browser's own zone (IANA name). */
export function browserZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

function toDate(value) {
  if (value instanceof Date) return value;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Date(`${value}T12:00:00Z`);  // a calendar day: noon UTC is that day everywhere near
  }
  return new Date(value);
}

/** Wall-clock fields of `date` in `zone`: {year, month, day, hour, minute, second}. */
export function zoneParts(date, zone = "UTC") {
  const out = {};
  for (const part of partsFormat(zone).formatToParts(toDate(date))) {
    if (part.type !== "literal") out[part.type] = Number(part.value);
  }
  if (out.hour === 24) out.hour = 0;
  return out;
}

function pad(n) {
  return String(n).padStart(2, "0");
}

/** "YYYY-MM-DD" of `date` in `zone`. */
export function dayKey(date, zone = "UTC") {
  if (typeof date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const p = zoneParts(date, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** "HH:MM" of `date` in `zone`. */
export function timeKey(date, zone = "UTC") {
  const p = zoneParts(date, zone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** The day `n` days after the day `key` ("YYYY-MM-DD"). */
export function addDays(key, n) {
  const [y, m, d] = key.split("-").map(Number);
  const moved = new Date(Date.UTC(y, m - 1, d) + n * DAY_MS);
  return `${moved.getUTCFullYear()}-${pad(moved.getUTCMonth() + 1)}-${pad(moved.getUTCDate())}`;
}

function dayNumber(key) {
  const [y, m, d] = key.split("-").map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** Offset of `zone` from UTC at `date`, in minutes (Berlin in winter: 60). */
export function zoneOffset(date, zone) {
  const p = zoneParts(date, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(toDate(date).getTime() / 1000) * 1000) / 60_000);
}

/** RFC 3339 with the zone's offset for the wall time `day` ("YYYY-MM-DD") `time` ("HH:MM"). */
export function toRfc3339(day, time = "00:00", zone = "UTC") {
  const [y, m, d] = day.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  let offset = zoneOffset(new Date(wall), zone);
  offset = zoneOffset(new Date(wall - offset * 60_000), zone);  // settle across a DST change
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${day}T${pad(hh)}:${pad(mm)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function names(zone) {
  let format = namesCache.get(zone);
  if (!format) {
    format = {
      weekday: new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: "short" }),
      month: new Intl.DateTimeFormat(undefined, { timeZone: zone, month: "short" }),
      long: new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: "long" }),
    };
    namesCache.set(zone, format);
  }
  return format;
}

function relativeWord(days) {
  try {
    const word = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" }).format(days, "day");
    return word.charAt(0).toLocaleUpperCase() + word.slice(1);
  } catch {
    return ["Yesterday", "Today", "Tomorrow"][days + 1];
  }
}

/** "Mon 7 Dec" (or "Mon 7 Dec 2027" in another year than `now`'s), never relative. */
export function formatDate(date, zone = "UTC", now = new Date()) {
  const key = dayKey(date, zone);
  const noon = toDate(key);
  const n = names("UTC");
  const [year, , day] = key.split("-").map(Number);
  const text = `${n.weekday.format(noon)} ${day} ${n.month.format(noon)}`;
  return year === zoneParts(now, zone).year ? text : `${text} ${year}`;
}

/** "Today", "Tomorrow", "Yesterday", "Mon 7 Dec" or "Mon 7 Dec 2027" for a day. */
export function formatDay(date, zone = "UTC", now = new Date()) {
  const key = dayKey(date, zone);
  const diff = dayNumber(key) - dayNumber(dayKey(now, zone));
  if (diff >= -1 && diff <= 1) return relativeWord(diff);
  return formatDate(key, zone, now);
}

/** A moment in words: "Today 17:00", "Tomorrow" (midnight: all day), "Mon 7 Dec 17:00". */
export function formatMoment(iso, zone = "UTC", now = new Date()) {
  if (!iso) return "";
  const date = toDate(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const day = formatDay(date, zone, now);
  const time = timeKey(date, zone);
  return time === "00:00" ? day : `${day} ${time}`;
}

/** Full weekday name of a day ("Monday"), from the browser's locale. */
export function weekdayName(date, zone = "UTC") {
  return names(zone).long.format(toDate(date));
}

/** Whether `iso` is before `now` (an all-day date is overdue only once its day is over). */
export function isOverdue(iso, zone = "UTC", now = new Date()) {
  if (!iso) return false;
  const date = toDate(iso);
  if (timeKey(date, zone) === "00:00") return dayKey(date, zone) < dayKey(now, zone);
  return date < now;
}

const ORDINAL = (n) => {
  const s = ["th", "st", "nd", "rd"];
  const v = n % 100;
  return n + (s[(v - 20) % 10] || s[v] || s[0]);
};
const WEEKDAYS = { MO: "Monday", TU: "Tuesday", WE: "Wednesday", TH: "Thursday", FR: "Friday", SA: "Saturday", SU: "Sunday" };
const UNITS = { DAILY: "day", WEEKLY: "week", MONTHLY: "month", YEARLY: "year", HOURLY: "hour", MINUTELY: "minute" };

/** Parse "FREQ=WEEKLY;BYDAY=MO" into {FREQ: "WEEKLY", BYDAY: "MO"}. */
export function parseRule(rule) {
  const out = {};
  for (const part of String(rule || "").replace(/^RRULE:/i, "").split(";")) {
    const [key, value] = part.split("=");
    if (key && value !== undefined) out[key.trim().toUpperCase()] = value.trim().toUpperCase();
  }
  return out;
}

/** A recurrence in words: the server's `text` when present, else a description of the rule. */
export function formatRule(recurrence) {
  if (!recurrence) return "";
  if (recurrence.text) return recurrence.text;
  const r = parseRule(recurrence.rule);
  const interval = Number(r.INTERVAL || 1);
  const unit = UNITS[r.FREQ];
  if (!unit) return recurrence.rule || "";
  let text = interval === 1 ? `every ${unit}` : `every ${interval} ${unit}s`;
  const days = r.BYDAY ? r.BYDAY.split(",") : [];
  if (r.FREQ === "WEEKLY" || (r.FREQ === "DAILY" && days.length)) {
    if (days.length === 5 && ["MO", "TU", "WE", "TH", "FR"].every((d) => days.includes(d))) {
      text = interval === 1 ? "every weekday" : `${text} on weekdays`;
    } else if (days.length && days.every((d) => WEEKDAYS[d])) {
      const list = days.map((d) => WEEKDAYS[d]);
      text = interval === 1 && list.length === 1 ? `every ${list[0]}` : `${text} on ${list.join(", ")}`;
    }
  } else if (r.FREQ === "MONTHLY" && r.BYMONTHDAY) {
    const day = Number(r.BYMONTHDAY);
    text += day === -1 ? " on the last day" : ` on the ${ORDINAL(day)}`;
  }
  if (r.COUNT) text += `, ${r.COUNT} times`;
  if (recurrence.anchor === "completion") text += " after completion";
  return text;
}

/** "PT30M" -> minutes (null when not a simple duration). */
export function durationMinutes(iso) {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(String(iso || "").toUpperCase());
  if (!m) return null;
  const [, w, d, h, min, s] = m.map((v) => Number(v || 0));
  return w * 10080 + d * 1440 + h * 60 + min + Math.floor(s / 60);
}

/** "30 min before", "1 hour before", "at due time", "at Tue 8 Dec 09:00". */
export function formatReminder(reminder, zone = "UTC") {
  if (!reminder) return "";
  if (reminder.text) return reminder.text;
  if (reminder.at) return `at ${formatMoment(reminder.at, zone)}`;
  const minutes = durationMinutes(reminder.before);
  if (minutes === null) return `${reminder.before} before`;
  if (minutes === 0) return "at due time";
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (minutes % 1440 === 0) return `${plural(minutes / 1440, "day")} before`;
  if (minutes % 60 === 0) return `${plural(minutes / 60, "hour")} before`;
  return `${minutes} min before`;
}
