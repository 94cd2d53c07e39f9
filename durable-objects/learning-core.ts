import { DurableObject } from "cloudflare:workers";
export class LearningCore extends DurableObject<Env> {}
