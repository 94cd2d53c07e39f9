/**
 * @module dashboard/views/inventory
 * The learned API inventory of one app (`GET /apps/:app/inventory`): per
 * endpoint its method and template, traffic, statuses, query/body/path
 * parameters with types, top clients and first/last seen; filterable by
 * path. Below it the allow-list proposal (`GET …/allowlist/proposal`): what
 * it adds, removes and changes, each proposed endpoint approved or rejected
 * with a checkbox, then `POST …/allowlist/approve` with the approved ones
 * (or `{}` for all). Both endpoints may not exist yet: 404/501 show "not
 * available".
 */
import { api, seg } from "../lib/api.ts";
import { confirmButton, h, replace } from "../lib/dom.ts";
import { fmtCount, fmtStatuses, fmtTime } from "../lib/format.ts";
import { type Endpoint, type ProposalItem, paramList, parseInventory, parseProposal } from "../lib/inventory-shapes.ts";
import { hrefFor } from "../lib/router.ts";
import { toast } from "../lib/toast.ts";
import { failureBox, panel, stateBox, table } from "../lib/ui.ts";
import type { View, ViewContext } from "./context.ts";

function params(e: Endpoint): HTMLElement {
  const groups: Array<[string, Record<string, unknown>]> = [
    ["path", e.path_params],
    ["query", e.query],
    ["body", e.body],
  ];
  const list = h("ul", { class: "params" });
  for (const [where, map] of groups) {
    for (const p of paramList(map)) {
      list.appendChild(
        h(
          "li",
          null,
          h("span", { class: "where" }, where),
          " ",
          h("code", null, p.name),
          `: ${p.type}`,
          p.note ? ` (${p.note})` : "",
        ),
      );
    }
  }
  return list.childElementCount ? list : h("span", { class: "note" }, "none");
}

function inventoryTable(app: string, endpoints: Endpoint[]): HTMLElement {
  return table<Endpoint>(
    [
      { label: "Method", cell: (e) => h("span", { class: "method" }, e.method) },
      {
        label: "Endpoint",
        cell: (e) => [
          h("code", null, e.path),
          e.only_failures ? h("span", { class: "badge badge-warn" }, "only failures") : null,
        ],
        cls: "wrap",
      },
      { label: "Requests", cell: (e) => fmtCount(e.count), cls: "num" },
      { label: "Statuses", cell: (e) => fmtStatuses(e.statuses), cls: "small" },
      { label: "Parameters", cell: (e) => params(e), cls: "wrap" },
      {
        label: "Clients",
        cell: (e) => [
          `${fmtCount(e.clients.distinct)} distinct`,
          h("br"),
          h(
            "span",
            { class: "small" },
            e.clients.top
              .slice(0, 3)
              .map((c) => `${c.identity} (${c.count})`)
              .join(", "),
          ),
        ],
        cls: "wrap",
      },
      { label: "First seen", cell: (e) => fmtTime(e.first_seen), cls: "nowrap" },
      { label: "Last seen", cell: (e) => fmtTime(e.last_seen), cls: "nowrap" },
      {
        label: "",
        cell: (e) => h("a", { href: hrefFor("logs", { app, endpoint: `${e.method} ${e.path}` }) }, "logs"),
      },
    ],
    endpoints,
    { cls: "inventory" },
  );
}

function itemList(title: string, items: ProposalItem[], cls: string): HTMLElement | null {
  if (items.length === 0) return null;
  return h(
    "div",
    { class: `proposal-diff ${cls}` },
    h("h3", null, `${title} (${items.length})`),
    h(
      "ul",
      null,
      ...items.map((i) =>
        h(
          "li",
          null,
          h("code", null, i.key),
          i.extra ? h("span", { class: "small" }, ` ${JSON.stringify(i.extra)}`) : "",
        ),
      ),
    ),
  );
}

async function proposalPanel(ctx: ViewContext, app: string): Promise<HTMLElement> {
  const r = await api<unknown>(`/apps/${seg(app)}/allowlist/proposal`);
  if (!r.ok) return panel("Allow-list proposal", failureBox("The allow-list proposal", r));
  const p = parseProposal(r.data);
  if (p.endpoints.length === 0 && p.added.length + p.removed.length + p.changed.length === 0) {
    return panel("Allow-list proposal", stateBox("empty", "Nothing to propose yet: the inventory is empty."));
  }
  const boxes: Array<{ key: string; box: HTMLInputElement }> = [];
  const added = new Set(p.added.map((i) => i.key));
  const rows = p.endpoints.map((i) => {
    const box = h("input", { type: "checkbox", checked: true, name: "approve", value: i.key });
    boxes.push({ key: i.key, box });
    const state = h("span", { class: "badge badge-ok" }, "approve");
    box.addEventListener("change", () => {
      state.textContent = box.checked ? "approve" : "reject";
      state.className = `badge ${box.checked ? "badge-ok" : "badge-bad"}`;
    });
    return h(
      "li",
      { data: { endpoint: i.key } },
      h(
        "label",
        null,
        box,
        " ",
        h("code", null, i.key),
        " ",
        state,
        added.has(i.key) ? h("span", { class: "small" }, " new") : "",
      ),
    );
  });
  const approveSelected = confirmButton(
    "Approve selected",
    "Confirm: approve the selected endpoints",
    async () => {
      const endpoints = boxes.filter((b) => b.box.checked).map((b) => b.key);
      if (endpoints.length === 0) {
        toast("nothing selected: every endpoint is rejected", "error");
        return;
      }
      await approve(ctx, app, { endpoints }, `${endpoints.length} endpoints`);
    },
    "primary",
  );
  const approveAll = confirmButton("Approve all", "Confirm: approve the whole proposal", () =>
    approve(ctx, app, {}, "the whole proposal"),
  );
  return panel(
    "Allow-list proposal",
    h(
      "p",
      { class: "note" },
      "Approving writes a new allow-list from the checked endpoints; unchecked ones are rejected (left out).",
    ),
    h(
      "p",
      { class: "diff-summary" },
      `Against the active allow-list: ${p.added.length} added (marked new below), ${p.removed.length} removed, ${p.changed.length} changed.`,
    ),
    itemList("Removed", p.removed, "removed"),
    itemList("Changed", p.changed, "changed"),
    h("h3", null, `Proposed endpoints (${p.endpoints.length})`),
    h("ul", { class: "proposal" }, ...rows),
    h("div", { class: "controls" }, approveSelected, approveAll),
  );
}

async function approve(ctx: ViewContext, app: string, body: { endpoints?: string[] }, what: string): Promise<void> {
  const r = await api<unknown>(`/apps/${seg(app)}/allowlist/approve`, { method: "POST", body });
  toast(r.ok ? `approved ${what} for ${app}` : `approval failed: ${r.error}`, r.ok ? "ok" : "error");
  if (r.ok) ctx.refresh();
}

export const inventoryView: View = {
  title: "API inventory",
  needsApp: true,
  async render(ctx: ViewContext) {
    const app = ctx.app;
    if (!app) {
      replace(ctx.root, h("h1", null, "API inventory"), stateBox("empty", "No app configured yet."));
      return;
    }
    const invBox = h("div", null, stateBox("loading"));
    const propBox = h("div", null, stateBox("loading"));
    replace(ctx.root, h("h1", null, "API inventory", h("span", { class: "sub" }, ` ${app}`)), invBox, propBox);
    const [inv, prop] = await Promise.all([api<unknown>(`/apps/${seg(app)}/inventory`), proposalPanel(ctx, app)]);
    if (!ctx.live()) return;
    replace(propBox, prop);
    if (!inv.ok) {
      replace(invBox, panel("Endpoints", failureBox("The API inventory", inv)));
      return;
    }
    const endpoints = parseInventory(inv.data).sort((a, b) => b.count - a.count || a.path.localeCompare(b.path));
    if (endpoints.length === 0) {
      replace(invBox, panel("Endpoints", stateBox("empty", "No endpoints learned yet: send some traffic.")));
      return;
    }
    const filter = h("input", {
      type: "search",
      placeholder: "filter by path or method",
      name: "filter",
      autocomplete: "off",
    });
    const holder = h("div", null, inventoryTable(app, endpoints));
    filter.addEventListener("input", () => {
      const f = filter.value.trim().toLowerCase();
      replace(
        holder,
        inventoryTable(
          app,
          endpoints.filter((e) => `${e.method} ${e.path}`.toLowerCase().includes(f)),
        ),
      );
    });
    replace(
      invBox,
      panel(
        `Endpoints (${endpoints.length})`,
        h(
          "div",
          { class: "controls" },
          filter,
          h("span", { class: "note" }, " methods, parameters, traffic, first and last seen"),
        ),
        holder,
      ),
    );
  },
};
