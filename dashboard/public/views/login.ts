/**
 * @module dashboard/views/login
 * The token form. The candidate token is checked against `GET /health`
 * before it is stored (sessionStorage only, never the URL); the form has no
 * action and CSP `form-action 'none'` stops a native submission, so even a
 * script failure cannot put the token in a URL.
 */
import { api } from "../lib/api.ts";
import { h, replace } from "../lib/dom.ts";

export function renderLogin(root: HTMLElement, message: string, onSuccess: (token: string) => void): void {
  const input = h("input", {
    type: "password",
    name: "token",
    id: "token",
    autocomplete: "off",
    placeholder: "APIWARD_ADMIN_TOKEN",
    required: true,
  });
  const status = h("p", { class: "login-status", role: "alert" }, message);
  const button = h("button", { type: "submit", class: "primary" }, "Sign in");
  const form = h(
    "form",
    { class: "login-form", id: "login" },
    h("h1", null, "apiward"),
    h("p", { class: "note" }, "Sign in with the admin token (the APIWARD_ADMIN_TOKEN secret; locally in .dev.vars)."),
    h("label", { for: "token" }, "Admin token"),
    input,
    button,
    status,
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const token = input.value.trim();
    if (!token) {
      replace(status, "Enter the admin token.");
      return;
    }
    button.disabled = true;
    replace(status, "Checking…");
    const r = await api<unknown>("/health", { token });
    button.disabled = false;
    if (r.ok) {
      input.value = "";
      onSuccess(token);
    } else if (r.status === 401) {
      replace(status, "The token was rejected.");
    } else {
      replace(status, `Cannot sign in: ${r.error}`);
    }
  });
  replace(root, h("main", { class: "login" }, form));
  input.focus();
}
