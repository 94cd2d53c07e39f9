/**
 * @module sim/labels
 * Ground truth per source address, built from the records themselves:
 * `labels.json` maps each client IP to its label and kind, with when it was
 * first and last seen, how many requests it sent and, for coordinated kinds,
 * its campaign. Evaluations use first_ts for "time/requests to detection".
 * An address used by two kinds (never by construction, except benign users
 * sharing a NAT) keeps the attack label and lists every kind.
 */
import type { Kind, Label } from "./kinds.ts";
import { DISTRIBUTED_KINDS } from "./kinds.ts";
import type { LabelledRecord } from "./types.ts";

export interface IpLabel {
  label: Label;
  kind: Kind;
  first_ts: number;
  last_ts: number;
  requests: number;
  campaign?: string;
  /** Present only when the address carried more than one kind. */
  kinds?: Kind[];
}

const RANK: Record<Label, number> = { benign: 0, good_bot: 1, attack: 2 };

export class LabelIndex {
  private readonly byIp = new Map<string, IpLabel>();

  add(rec: LabelledRecord): void {
    const cur = this.byIp.get(rec.ip);
    if (!cur) {
      const entry: IpLabel = { label: rec.label, kind: rec.kind, first_ts: rec.ts, last_ts: rec.ts, requests: 1 };
      if (
        DISTRIBUTED_KINDS.includes(rec.kind) ||
        rec.kind === "flash_crowd" ||
        rec.kind === "flash_sale" ||
        rec.kind === "big_nat"
      )
        entry.campaign = `${rec.kind}#0`;
      this.byIp.set(rec.ip, entry);
      return;
    }
    cur.requests++;
    cur.last_ts = rec.ts;
    if (cur.kind !== rec.kind) {
      cur.kinds = [...new Set([...(cur.kinds ?? [cur.kind]), rec.kind])];
      if (RANK[rec.label] > RANK[cur.label]) {
        cur.label = rec.label;
        cur.kind = rec.kind;
      }
    }
  }

  get size(): number {
    return this.byIp.size;
  }

  get(ip: string): IpLabel | undefined {
    return this.byIp.get(ip);
  }

  /** Plain object, addresses sorted, for `labels.json`. */
  toJSON(): Record<string, IpLabel> {
    const out: Record<string, IpLabel> = {};
    for (const ip of [...this.byIp.keys()].sort()) out[ip] = this.byIp.get(ip) as IpLabel;
    return out;
  }

  /** Clients (addresses) per kind. */
  countsByKind(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const v of this.byIp.values()) out[v.kind] = (out[v.kind] ?? 0) + 1;
    return out;
  }
}
