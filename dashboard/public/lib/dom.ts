/**
 * @module dashboard/lib/dom
 * The only way the dashboard builds DOM: `h()` creates elements and puts
 * every string in a text node or a vetted attribute. Nothing here (or
 * anywhere in the dashboard) assigns `innerHTML`: the logs, inventory and
 * graph hold attackers' payloads, and a stored XSS in a security product's
 * dashboard is unacceptable.
 *
 * Attribute rules: event-handler attributes (`on*`) and `style` are refused
 * (CSP forbids them anyway; listeners go through `on`), and `href` only takes
 * in-page hash routes or same-origin `/__apiward/` paths, so a payload can
 * never become a `javascript:` link.
 */

import { safeHref } from "./safe-href.ts";

export type Child = Node | string | number | null | undefined | false;

export interface Attrs {
  class?: string;
  id?: string;
  href?: string;
  title?: string;
  type?: string;
  name?: string;
  value?: string;
  placeholder?: string;
  for?: string;
  role?: string;
  disabled?: boolean;
  checked?: boolean;
  selected?: boolean;
  required?: boolean;
  autocomplete?: string;
  min?: string;
  max?: string;
  step?: string;
  /** `data-*` attributes (names without the prefix). */
  data?: Record<string, string>;
  /** `aria-*` attributes (names without the prefix). */
  aria?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (ev: HTMLElementEventMap[K]) => void };
}

const ATTR_NAME = /^[a-z][a-z0-9-]*$/;

function setAttr(el: Element, name: string, value: string): void {
  if (!ATTR_NAME.test(name) || name.startsWith("on") || name === "style" || name === "srcdoc") return;
  el.setAttribute(name, value);
}

/** Creates an element; strings and numbers become text nodes, never markup. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Array<Child | Child[]>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs) as Array<[keyof Attrs, unknown]>) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "on") {
        for (const [ev, fn] of Object.entries(value as Record<string, EventListener>)) el.addEventListener(ev, fn);
      } else if (key === "data" || key === "aria") {
        for (const [k, v] of Object.entries(value as Record<string, string>)) setAttr(el, `${key}-${k}`, String(v));
      } else if (key === "href") {
        if (safeHref(String(value))) el.setAttribute("href", String(value));
      } else if (key === "value" && (el instanceof HTMLInputElement || el instanceof HTMLSelectElement)) {
        el.value = String(value);
        el.setAttribute("value", String(value));
      } else if (value === true) {
        setAttr(el, key, "");
      } else {
        setAttr(el, key, String(value));
      }
    }
  }
  append(el, ...children);
  return el;
}

/** Appends children (text for strings and numbers), skipping empty ones. */
export function append(el: Node, ...children: Array<Child | Child[]>): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces an element's children. */
export function replace(el: Node, ...children: Array<Child | Child[]>): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  append(el, ...children);
}

/** A button whose first click arms it and second confirms, instead of a native confirm() dialog. */
export function confirmButton(label: string, confirmLabel: string, action: () => Promise<void> | void, cls = "") {
  let armed = false;
  let timer: number | undefined;
  const btn = h("button", { type: "button", class: cls });
  const reset = () => {
    armed = false;
    btn.textContent = label;
    btn.classList.remove("armed");
  };
  reset();
  btn.addEventListener("click", async () => {
    if (!armed) {
      armed = true;
      btn.textContent = confirmLabel;
      btn.classList.add("armed");
      timer = window.setTimeout(reset, 5000);
      return;
    }
    window.clearTimeout(timer);
    btn.disabled = true;
    try {
      await action();
    } finally {
      btn.disabled = false;
      reset();
    }
  });
  return btn;
}
