/**
 * @module dashboard/views/mitigations
 * What is mitigated now and until when (`GET /mitigations`), and lifting one
 * (`DELETE /mitigations/:id`, two-click confirm). 404/501 show "not
 * available" (the endpoint ships with the anomaly work).
 */
import { api, seg } from "../lib/api.ts";
import { confirmButton, h, replace } from "../lib/dom.ts";
import { fmtRelative, fmtTime } from "../lib/format.ts";
import { type Mitigation, parseMitigations } from "../lib/shapes.ts";
import { toast } from "../lib/toast.ts";
import { badge, evidenceList, failureBox, panel, stateBox, table } from "../lib/ui.ts";
import type { View, ViewContext } from "./context.ts";

function mitigationsTable(ctx: ViewContext, rows: Mitigation[]): HTMLElement {
  return table<Mitigation>(
    [
      { label: "Id", cell: (m) => h("code", null, m.id) },
      { label: "App", cell: (m) => m.app },
      { label: "Target", cell: (m) => h("code", null, m.target), cls: "wrap" },
      { label: "Kind", cell: (m) => m.kind },
      { label: "Action", cell: (m) => badge(m.action) },
      {
        label: "Until",
        cell: (m) => [fmtTime(m.until), h("br"), h("span", { class: "small" }, fmtRelative(m.until))],
        cls: "nowrap",
      },
      { label: "Evidence", cell: (m) => evidenceList(m.reasons), cls: "wrap small" },
      { label: "Created", cell: (m) => fmtTime(m.created_at), cls: "nowrap" },
      {
        label: "",
        cell: (m) =>
          confirmButton(
            "Lift",
            "Confirm lift",
            async () => {
              const r = await api<unknown>(`/mitigations/${seg(m.id)}`, { method: "DELETE" });
              toast(
                r.ok ? `lifted mitigation ${m.id} on ${m.target}` : `lifting failed: ${r.error}`,
                r.ok ? "ok" : "error",
              );
              ctx.refresh();
            },
            "danger",
          ),
      },
    ],
    rows,
    { cls: "mitigations" },
  );
}

export const mitigationsView: View = {
  title: "Mitigations",
  needsApp: false,
  async render(ctx: ViewContext) {
    const body = h("div", null, stateBox("loading"));
    replace(ctx.root, h("h1", null, "Mitigations"), body);
    const r = await api<unknown>("/mitigations");
    if (!ctx.live()) return;
    if (!r.ok) {
      replace(body, failureBox("Mitigations", r));
      return;
    }
    const all = parseMitigations(r.data);
    const rows = ctx.app ? all.filter((m) => m.app === ctx.app || m.app === "") : all;
    replace(
      body,
      panel(
        `Active mitigations (${rows.length})`,
        rows.length ? mitigationsTable(ctx, rows) : stateBox("empty", "Nothing is mitigated right now."),
      ),
    );
  },
};
