/**
 * @module durable-objects/policy-ledger
 * One object per app (`policy:<app>`) through which every policy change goes
 * (worker/state/policy-changes.ts), one at a time: KV has no compare-and-swap,
 * and two admin calls reading the pointer at once would lose a version or an
 * activation. Each change runs inside `blockConcurrencyWhile`, so the next
 * one waits even while this one awaits KV. It keeps nothing but the pointer
 * it wrote last (in memory), to see past an edge cache that lags its own write.
 */
import { DurableObject } from "cloudflare:workers";
import type { PolicyPointer } from "../worker/state/keys.ts";
import { applyPolicyChange, type ChangeResult, type PolicyChange } from "../worker/state/policy-changes.ts";

export class PolicyLedger extends DurableObject<Env> {
  private last: PolicyPointer | null = null;

  /** Applies one change after every earlier one has finished. */
  async change(change: PolicyChange): Promise<ChangeResult> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const { result, written } = await applyPolicyChange(this.env.CONFIG, change, this.last);
      if (written) this.last = written;
      return result;
    });
  }
}
