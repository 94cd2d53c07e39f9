/**
 * @module dashboard/views/policies
 * Versioned policies of one app: the versions with which is active and which
 * is in dry run, a version's document, a side-by-side diff of any two
 * versions (computed in the browser, lib/policy-diff), dry-run results (log
 * records with a `dry_run:` reason: where the candidate would decide
 * differently), activate a version and roll back to the previous one.
 * Actions use a two-click confirm, never a native dialog.
 */
import { api, seg } from "../lib/api.ts";
import { confirmButton, h, replace } from "../lib/dom.ts";
import { fmtTime } from "../lib/format.ts";
import { go, hrefFor } from "../lib/router.ts";
import {
  type AccessLogRecord,
  type PolicyIndex,
  type PolicyVersion,
  parseLogPage,
  parsePolicyIndex,
} from "../lib/shapes.ts";
import { toast } from "../lib/toast.ts";
import { badge, failureBox, panel, select, stateBox, table } from "../lib/ui.ts";
import type { View, ViewContext } from "./context.ts";
import { detailHref } from "./logs.ts";
import { diffPanel } from "./policy-diff-panel.ts";

/** Log records scanned for dry-run results (newest first, up to this many pages of 500). */
const DRY_RUN_PAGES = 2;

function versionsTable(ctx: ViewContext, app: string, idx: PolicyIndex): HTMLElement {
  if (idx.versions.length === 0)
    return stateBox("empty", "No policy versions yet: POST one to /__apiward/apps/:app/policies.");
  return table<PolicyVersion>(
    [
      { label: "Version", cell: (v) => h("strong", null, `v${v.version}`) },
      {
        label: "State",
        cell: (v) => [
          v.version === idx.active ? h("span", { class: "badge badge-ok" }, "active") : null,
          v.version === idx.dry_run ? h("span", { class: "badge badge-warn" }, "dry run") : null,
        ],
      },
      { label: "Description", cell: (v) => v.description ?? "", cls: "wrap" },
      { label: "Rules", cell: (v) => String(v.rules), cls: "num" },
      { label: "Created", cell: (v) => fmtTime(v.created_at), cls: "nowrap" },
      {
        label: "",
        cell: (v) => [
          h("a", { class: "button", href: hrefFor("policies", { app, doc: v.version }) }, "View"),
          idx.active !== null && v.version !== idx.active
            ? h(
                "a",
                { class: "button", href: hrefFor("policies", { app, left: idx.active, right: v.version }) },
                "Diff vs active",
              )
            : null,
          v.version !== idx.active
            ? confirmButton(`Activate v${v.version}`, `Confirm: activate v${v.version}`, async () => {
                const r = await api<unknown>(`/apps/${seg(app)}/policies/${v.version}/activate`, { method: "POST" });
                toast(
                  r.ok ? `v${v.version} is now active for ${app}` : `activation failed: ${r.error}`,
                  r.ok ? "ok" : "error",
                );
                ctx.refresh();
              })
            : null,
        ],
        cls: "actions",
      },
    ],
    idx.versions,
  );
}

function rollbackControl(ctx: ViewContext, app: string, idx: PolicyIndex): HTMLElement {
  const previous = idx.history[idx.history.length - 1];
  if (previous === undefined) return h("span", { class: "note" }, "No earlier active version to roll back to.");
  return confirmButton(
    `Roll back to v${previous}`,
    `Confirm: roll back to v${previous}`,
    async () => {
      const r = await api<{ active?: number }>(`/apps/${seg(app)}/rollback`, { method: "POST" });
      toast(
        r.ok ? `rolled back: v${r.data.active ?? previous} is active for ${app}` : `rollback failed: ${r.error}`,
        r.ok ? "ok" : "error",
      );
      ctx.refresh();
    },
    "danger",
  );
}

async function documentPanel(app: string, version: number): Promise<HTMLElement> {
  const r = await api<unknown>(`/apps/${seg(app)}/policies/${version}`);
  if (!r.ok) return panel(`Policy v${version}`, failureBox(`Policy v${version}`, r));
  return panel(`Policy v${version}`, h("pre", { class: "json" }, JSON.stringify(r.data, null, 2)));
}

async function dryRunPanel(app: string, idx: PolicyIndex): Promise<HTMLElement> {
  const hits: AccessLogRecord[] = [];
  let cursor: string | null = null;
  let scanned = 0;
  for (let page = 0; page < DRY_RUN_PAGES; page++) {
    const r = await api<unknown>("/logs", { query: { app, limit: 500, cursor } });
    if (!r.ok) return panel("Dry-run results", failureBox("Dry-run results", r));
    const p = parseLogPage(r.data);
    scanned += p.records.length;
    for (const rec of p.records) if (rec.reasons.some((x) => x.id.startsWith("dry_run:"))) hits.push(rec);
    cursor = p.next;
    if (!cursor) break;
  }
  const head = h(
    "p",
    { class: "note" },
    idx.dry_run === null
      ? "No version is in dry run now. "
      : `v${idx.dry_run} is in dry run against the active v${idx.active ?? "—"}. `,
    `${hits.length} of the last ${scanned} requests would be decided differently.`,
  );
  if (hits.length === 0)
    return panel("Dry-run results", head, stateBox("empty", "No dry-run differences in recent traffic."));
  return panel(
    "Dry-run results",
    head,
    table<AccessLogRecord>(
      [
        { label: "Time", cell: (r) => h("a", { href: detailHref(r) }, fmtTime(r.ts)), cls: "nowrap" },
        { label: "Decision", cell: (r) => badge(r.decision) },
        { label: "Request", cell: (r) => h("code", { class: "url" }, `${r.method} ${r.url}`), cls: "wrap" },
        { label: "Client", cell: (r) => r.client },
        {
          label: "Candidate",
          cell: (r) =>
            r.reasons
              .filter((x) => x.id.startsWith("dry_run:"))
              .map((x) => `${x.id}: ${x.detail ?? ""}`)
              .join("; "),
          cls: "wrap",
        },
      ],
      hits,
    ),
  );
}

function diffChooser(app: string, idx: PolicyIndex, left: number | null, right: number | null): HTMLElement {
  const opts = idx.versions.map((v): [string, string] => [
    String(v.version),
    `v${v.version}${v.version === idx.active ? " (active)" : ""}`,
  ]);
  const l = select("left", opts, String(left ?? idx.active ?? idx.versions[1]?.version ?? ""));
  const r = select("right", opts, String(right ?? idx.versions[0]?.version ?? ""));
  const form = h(
    "form",
    { class: "controls" },
    "Compare ",
    l,
    " with ",
    r,
    " ",
    h("button", { type: "submit" }, "Diff"),
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    go("policies", { app, left: l.value, right: r.value });
  });
  return form;
}

export const policiesView: View = {
  title: "Policies",
  needsApp: true,
  async render(ctx: ViewContext) {
    const app = ctx.app;
    if (!app) {
      replace(
        ctx.root,
        h("h1", null, "Policies"),
        stateBox("empty", "No app configured yet (PUT /__apiward/apps/:app)."),
      );
      return;
    }
    replace(ctx.root, h("h1", null, "Policies", h("span", { class: "sub" }, ` ${app}`)), stateBox("loading"));
    const r = await api<unknown>(`/apps/${seg(app)}/policies`);
    if (!ctx.live()) return;
    if (!r.ok) {
      replace(ctx.root, h("h1", null, "Policies"), failureBox(`Policies of ${app}`, r));
      return;
    }
    const idx = parsePolicyIndex(r.data);
    const num = (k: string) =>
      ctx.params.get(k) && /^\d+$/.test(ctx.params.get(k) ?? "") ? Number(ctx.params.get(k)) : null;
    const left = num("left");
    const right = num("right");
    const doc = num("doc");
    const extra = h("div", null, stateBox("loading"));
    replace(
      ctx.root,
      h("h1", null, "Policies", h("span", { class: "sub" }, ` ${app}`)),
      h(
        "div",
        { class: "controls" },
        h(
          "span",
          { data: { active: String(idx.active ?? "") } },
          `Active: ${idx.active === null ? "none" : `v${idx.active}`}`,
        ),
        h("span", null, ` · Dry run: ${idx.dry_run === null ? "none" : `v${idx.dry_run}`} · `),
        rollbackControl(ctx, app, idx),
      ),
      panel("Versions", versionsTable(ctx, app, idx)),
      panel(
        "Diff",
        diffChooser(app, idx, left, right),
        left !== null && right !== null ? h("div", { id: "diff" }) : null,
      ),
      extra,
    );
    const parts: HTMLElement[] = [];
    if (left !== null && right !== null) {
      const target = ctx.root.querySelector("#diff");
      const d = await diffPanel(app, left, right);
      if (!ctx.live()) return;
      if (target) replace(target, d);
    }
    if (doc !== null) parts.push(await documentPanel(app, doc));
    parts.push(await dryRunPanel(app, idx));
    if (!ctx.live()) return;
    replace(extra, ...parts);
  },
};
