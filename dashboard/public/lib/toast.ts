/**
 * @module dashboard/lib/toast
 * Short-lived notices after an action (activated, rolled back, approved,
 * lifted), kept outside the views so they survive the re-render the action
 * triggers. Text only.
 */
import { h } from "./dom.ts";

const LIFETIME_MS = 8000;

function area(): HTMLElement {
  let el = document.getElementById("toasts");
  if (!el) {
    el = h("div", { id: "toasts", aria: { live: "polite" } });
    document.body.appendChild(el);
  }
  return el;
}

export function toast(message: string, kind: "ok" | "error" = "ok"): void {
  const t = h("div", { class: `toast toast-${kind}`, role: kind === "error" ? "alert" : "status" }, message);
  area().appendChild(t);
  setTimeout(() => t.remove(), LIFETIME_MS);
}
