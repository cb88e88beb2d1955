// Inline SVG icons (24x24, stroked with currentColor): no emoji, no icon font.
const SVG = "http://www.w3.org/2000/svg";

// Each icon is a list of SVG elements: [tag, attributes].
const P = (d) => ["path", { d }];
const C = (cx, cy, r) => ["circle", { cx, cy, r }];
const R = (x, y, width, height, rx = 2) => ["rect", { x, y, width, height, rx }];

const ICONS = {
  bell: [P("M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9"), P("M10.3 21a1.94 1.94 0 0 0 3.4 0")],
  check: [P("M20 6 9 17l-5-5")],
  close: [P("M18 6 6 18"), P("m6 6 12 12")],
  edit: [P("M12 20h9"), P("M16.5 3.5a2.12 2.12 0 0 1 3 3L7 19l-4 1 1-4Z")],
  trash: [P("M3 6h18"), P("M19 6v14a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V6"), P("M8 6V4a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2"), P("M10 11v6"), P("M14 11v6")],
  calendar: [R(3, 4, 18, 18), P("M16 2v4"), P("M8 2v4"), P("M3 10h18")],
  clock: [C(12, 12, 10), P("M12 6v6l4 2")],
  repeat: [P("m17 2 4 4-4 4"), P("M3 11v-1a4 4 0 0 1 4-4h14"), P("m7 22-4-4 4-4"), P("M21 13v1a4 4 0 0 1-4 4H3")],
  tag: [P("M12.6 2.6A2 2 0 0 0 11.2 2H4a2 2 0 0 0-2 2v7.2a2 2 0 0 0 .6 1.4l8.7 8.7a2.4 2.4 0 0 0 3.4 0l6.6-6.6a2.4 2.4 0 0 0 0-3.4Z"), C(7.5, 7.5, 1.5)],
  flag: [P("M4 15s1-1 4-1 5 2 8 2 4-1 4-1V3s-1 1-4 1-5-2-8-2-4 1-4 1z"), P("M4 22v-7")],
  search: [C(11, 11, 8), P("m21 21-4.3-4.3")],
  send: [P("m22 2-7 20-4-9-9-4Z"), P("M22 2 11 13")],
  stop: [R(6, 6, 12, 12, 2)],
  menu: [P("M4 6h16"), P("M4 12h16"), P("M4 18h16")],
  inbox: [P("M22 12h-6l-2 3h-4l-2-3H2"), P("M5.45 5.11 2 12v6a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-6l-3.45-6.89A2 2 0 0 0 16.76 4H7.24a2 2 0 0 0-1.79 1.11z")],
  today: [R(3, 4, 18, 18), P("M16 2v4"), P("M8 2v4"), P("M3 10h18"), R(8, 14, 4, 4, 1)],
  upcoming: [R(3, 4, 18, 18), P("M16 2v4"), P("M8 2v4"), P("M3 10h18"), P("M8 14h.01"), P("M12 14h.01"), P("M16 14h.01"), P("M8 18h.01"), P("M12 18h.01")],
  done: [C(12, 12, 10), P("m9 12 2 2 4-4")],
  plus: [P("M12 5v14"), P("M5 12h14")],
  chevron: [P("m9 18 6-6-6-6")],
  alert: [C(12, 12, 10), P("M12 8v4"), P("M12 16h.01")],
  undo: [P("M3 7v6h6"), P("M21 17a9 9 0 0 0-9-9 9 9 0 0 0-6 2.3L3 13")],
  keyboard: [R(2, 4, 20, 16), P("M6 8h.01"), P("M10 8h.01"), P("M14 8h.01"), P("M18 8h.01"), P("M6 12h.01"), P("M10 12h.01"), P("M14 12h.01"), P("M18 12h.01"), P("M7 16h10")],
  chat: [P("M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z")],
  list: [P("M8 6h13"), P("M8 12h13"), P("M8 18h13"), P("M3 6h.01"), P("M3 12h.01"), P("M3 18h.01")],
  sun: [C(12, 12, 4), P("M12 2v2"), P("M12 20v2"), P("m4.93 4.93 1.41 1.41"), P("m17.66 17.66 1.41 1.41"), P("M2 12h2"), P("M20 12h2"), P("m6.34 17.66-1.41 1.41"), P("m19.07 4.93-1.41 1.41")],
  moon: [P("M12 3a6 6 0 0 0 9 9 9 9 0 1 1-9-9Z")],
  signout: [P("M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4"), P("m16 17 5-5-5-5"), P("M21 12H9")],
  retry: [P("M21 12a9 9 0 1 1-3-6.7L21 8"), P("M21 3v5h-5")],
  offline: [P("M2 2l20 20"), P("M8.5 16.5a5 5 0 0 1 7 0"), P("M2 8.82a15 15 0 0 1 4.17-2.65"), P("M10.66 5c4.01-.36 8.14.9 11.34 3.76"), P("M16.85 11.25a10 10 0 0 1 2.22 1.68"), P("M5 13a10 10 0 0 1 5.24-2.76"), P("M12 20h.01")],
  sort: [P("m3 16 4 4 4-4"), P("M7 20V4"), P("m21 8-4-4-4 4"), P("M17 4v16")],
  "arrow-up": [P("m5 12 7-7 7 7"), P("M12 19V5")],
  "arrow-down": [P("M12 5v14"), P("m19 12-7 7-7-7")],
  more: [C(12, 12, 1), C(19, 12, 1), C(5, 12, 1)],
  skip: [P("m5 4 10 8-10 8V4z"), P("M19 5v14")],
  help: [C(12, 12, 10), P("M9.09 9a3 3 0 0 1 5.83 1c0 2-3 3-3 3"), P("M12 17h.01")],
  user: [C(12, 8, 4), P("M4 21v-1a7 7 0 0 1 16 0v1")],
  reopen: [P("M3 12a9 9 0 1 0 9-9 9.75 9.75 0 0 0-6.74 2.74L3 8"), P("M3 3v5h5")],
  globe: [C(12, 12, 10), P("M2 12h20"), P("M12 2a15.3 15.3 0 0 1 4 10 15.3 15.3 0 0 1-4 10 15.3 15.3 0 0 1-4-10 15.3 15.3 0 0 1 4-10z")],
};

/** Names of every icon. */
export const iconNames = Object.keys(ICONS);

/** An inline SVG element for `name`; aria-hidden unless `label` names it. */
export function icon(name, { label, size = 20, className = "" } = {}) {
  const shapes = ICONS[name] || ICONS.alert;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", String(size));
  svg.setAttribute("height", String(size));
  svg.setAttribute("fill", "none");
  svg.setAttribute("stroke", "currentColor");
  svg.setAttribute("stroke-width", "2");
  svg.setAttribute("stroke-linecap", "round");
  svg.setAttribute("stroke-linejoin", "round");
  svg.setAttribute("class", `icon icon-${name}${className ? ` ${className}` : ""}`);
  svg.setAttribute("focusable", "false");
  if (label) {
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", label);
    const title = document.createElementNS(SVG, "title");
    title.textContent = label;
    svg.append(title);
  } else {
    svg.setAttribute("aria-hidden", "true");
  }
  for (const [tag, attributes] of shapes) {
    const element = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
    svg.append(element);
  }
  return svg;
}
