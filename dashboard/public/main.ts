/**
 * @module dashboard/main
 * Entry of the dashboard page (`GET /__apiward/`): the login gate, the shell
 * (navigation, app picker, sign out) and the hash router that renders one
 * view at a time. A view that is left runs its cleanups (charts, graphs) and
 * stops painting: each render has a sequence number its `live()` checks.
 * Any 401 from the API clears the token and returns to the login form.
 */
import { api, clearToken, getToken, setToken, setUnauthorizedHandler } from "./lib/api.ts";
import { h, replace } from "./lib/dom.ts";
import { hrefFor, parseHash } from "./lib/router.ts";
import { isObj, parseApps, str } from "./lib/shapes.ts";
import { toast } from "./lib/toast.ts";
import { stateBox } from "./lib/ui.ts";
import type { View } from "./views/context.ts";
import { detectionsView } from "./views/detections.ts";
import { graphView } from "./views/graph.ts";
import { inventoryView } from "./views/inventory.ts";
import { logDetailView } from "./views/log-detail.ts";
import { renderLogin } from "./views/login.ts";
import { logsView } from "./views/logs.ts";
import { mitigationsView } from "./views/mitigations.ts";
import { overviewView } from "./views/overview.ts";
import { policiesView } from "./views/policies.ts";

const VIEWS: Record<string, View> = {
  overview: overviewView,
  inventory: inventoryView,
  graph: graphView,
  detections: detectionsView,
  mitigations: mitigationsView,
  policies: policiesView,
  logs: logsView,
  log: logDetailView,
};

const NAV: Array<[view: string, label: string]> = [
  ["overview", "Overview"],
  ["inventory", "API inventory"],
  ["graph", "Service graph"],
  ["detections", "Detections"],
  ["mitigations", "Mitigations"],
  ["policies", "Policies"],
  ["logs", "Logs"],
];

const root = document.getElementById("app") ?? document.body;
let seq = 0;
const cleanups: Array<() => void> = [];
/** The log of requests no app took (core/log/record.ts UNROUTED_APP). */
const UNROUTED = "_unrouted";

let shell: { main: HTMLElement; nav: HTMLElement; appSelect: HTMLSelectElement; apps: string[] } | null = null;

function leaveView(): void {
  seq++;
  for (const fn of cleanups.splice(0)) {
    try {
      fn();
    } catch {
      // a failing cleanup must not block the next view
    }
  }
}

function showLogin(message = ""): void {
  leaveView();
  shell = null;
  window.removeEventListener("hashchange", route);
  document.title = "Sign in · apiward";
  renderLogin(root, message, (token) => {
    setToken(token);
    void showShell();
  });
}

async function showShell(): Promise<void> {
  replace(root, stateBox("loading", "Loading apps…"));
  const [appsR, healthR] = await Promise.all([api<unknown>("/apps"), api<unknown>("/health")]);
  if (!getToken()) return; // a 401 already showed the login form
  const apps = appsR.ok ? parseApps(appsR.data) : [];
  if (!appsR.ok) toast(`could not list apps: ${appsR.error}`, "error");
  const version = healthR.ok && isObj(healthR.data) ? str(healthR.data.version) : "";
  const appSelect = h("select", { name: "app", id: "app-select", aria: { label: "app" } });
  appSelect.addEventListener("change", () => {
    const view = parseHash(location.hash).view;
    location.hash = hrefFor(view === "log" ? "logs" : view, { app: appSelect.value });
  });
  const signOut = h("button", { type: "button", id: "sign-out" }, "Sign out");
  signOut.addEventListener("click", () => {
    clearToken();
    showLogin("Signed out.");
  });
  const nav = h("nav", { aria: { label: "views" } });
  const main = h("main", { id: "view" });
  replace(
    root,
    h(
      "header",
      { class: "top" },
      h("a", { class: "brand", href: "#/overview" }, "apiward"),
      nav,
      h("div", { class: "top-right" }, h("label", { for: "app-select" }, "App "), appSelect, signOut),
    ),
    main,
    h(
      "footer",
      null,
      `apiward ${version || ""} · admin token kept in this tab's session storage only · `,
      h("a", { href: "/__apiward/assets/licenses.txt" }, "third-party licences"),
    ),
  );
  shell = { main, nav, appSelect, apps };
  window.addEventListener("hashchange", route);
  route();
}

function route(): void {
  if (!shell) return;
  leaveView();
  const mySeq = seq;
  const { view: name, params } = parseHash(location.hash);
  const view = VIEWS[name];
  const requested = params.get("app");
  // An app id, or `_unrouted` (the log of requests no app took: only the log views take it).
  const logView = name === "logs" || name === "log";
  let app = requested && (/^[a-z0-9][a-z0-9_-]{0,62}$/.test(requested) || requested === UNROUTED) ? requested : null;
  if (app === UNROUTED && !logView) app = null;
  if (!app && view?.needsApp) app = shell.apps[0] ?? null;
  const options: Array<[string, string]> = [["", "all apps"], ...shell.apps.map((a): [string, string] => [a, a])];
  if (logView) options.push([UNROUTED, "no app (unrouted requests)"]);
  if (app && !options.some(([v]) => v === app)) options.push([app, app]);
  replace(shell.appSelect, ...options.map(([v, l]) => h("option", { value: v }, l)));
  shell.appSelect.value = app ?? "";
  const navName = name === "log" ? "logs" : name;
  replace(
    shell.nav,
    ...NAV.map(([v, label]) =>
      h(
        "a",
        {
          href: hrefFor(v, { app }),
          class: v === navName ? "active" : "",
          aria: v === navName ? { current: "page" } : {},
        },
        label,
      ),
    ),
  );
  const container = h("div", { class: `view view-${name}`, data: { view: name } });
  replace(shell.main, container);
  if (!view) {
    replace(container, stateBox("error", `No view named "${name}".`));
    return;
  }
  document.title = `${view.title} · apiward`;
  view
    .render({
      root: container,
      params,
      app,
      apps: shell.apps,
      live: () => mySeq === seq,
      onCleanup: (fn) => {
        if (mySeq === seq) cleanups.push(fn);
        else fn();
      },
      refresh: () => {
        if (mySeq === seq) route();
      },
    })
    .catch((e: unknown) => {
      if (mySeq === seq) replace(container, stateBox("error", `This view failed: ${(e as Error).message}`));
    });
}

setUnauthorizedHandler(() => showLogin("Your session ended or the token was rejected. Sign in again."));
if (getToken()) void showShell();
else showLogin();
