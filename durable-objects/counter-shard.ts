import { DurableObject } from "cloudflare:workers";
export class CounterShard extends DurableObject<Env> {
  async add(n: number): Promise<number> {
    const v = ((await this.ctx.storage.get<number>("n")) ?? 0) + n;
    await this.ctx.storage.put("n", v);
    return v;
  }
}
