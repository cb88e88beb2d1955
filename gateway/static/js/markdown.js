// The assistant's replies as safe Markdown. marked renders the text (raw HTML in it is escaped
// and shown as text), then DOMPurify keeps only text tags and http(s)/mailto links; the result
// is a DocumentFragment, so model text never reaches innerHTML unsanitised.
import { Marked } from "../vendor/marked/marked.esm.js";
import DOMPurify from "../vendor/dompurify/purify.es.mjs";

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

const marked = new Marked({
  async: false,
  gfm: true,
  breaks: true,  // a model's single line breaks are meant as line breaks
  renderer: {
    // Raw HTML written by a model (or by whoever titled a task) is shown, never interpreted.
    html({ text, block }) {
      return block ? `<p>${escapeHtml(text)}</p>\n` : escapeHtml(text);
    },
    // Headings inside a chat bubble would break the page's outline: bold paragraphs instead.
    heading({ tokens }) {
      return `<p><strong>${this.parser.parseInline(tokens)}</strong></p>\n`;
    },
    // No remote images (tracking pixels): a link to the picture instead.
    image({ href, text }) {
      return `<a href="${escapeHtml(href)}">${escapeHtml(text || href)}</a>`;
    },
    // No unlabelled form controls in a reply: task-list boxes as text.
    checkbox({ checked }) {
      return checked ? "[x] " : "[ ] ";
    },
  },
});

const purify = DOMPurify(window);  // an instance of our own: its hook affects no one else
const SAFE = {
  ALLOWED_TAGS: [
    "p", "br", "strong", "em", "del", "s", "code", "pre", "ul", "ol", "li", "a", "blockquote",
    "hr", "table", "thead", "tbody", "tr", "th", "td",
  ],
  ALLOWED_ATTR: ["href", "title", "start", "align"],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  RETURN_DOM_FRAGMENT: true,
};
purify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A" && node.hasAttribute("href")) {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer nofollow");
  }
});

/** The Markdown `text` as sanitised DOM nodes. */
export function renderMarkdown(text) {
  const html = marked.parse(String(text ?? ""));
  return purify.sanitize(html, SAFE);
}

/** Replace the content of `element` with the rendered Markdown `text`. */
export function renderInto(element, text) {
  element.replaceChildren(renderMarkdown(text));
}
