/**
 * @module demo/catalog
 * The demo shop's seeded data: categories, products (numeric ids with gaps,
 * as after deletions, and unique slugs), generated customers with known
 * passwords, past orders (UUIDs) and reviews. One function of the seed, so
 * the simulator can build the very catalogue the app serves and know every
 * id, slug and password without asking the app. Default seed 1 is what
 * `npm run dev:demo` serves.
 */
import { Rng } from "../sim/prng.ts";
import { DEMO_USERS, type DemoUser } from "./users.ts";

export interface Category {
  slug: string;
  name: string;
}

export interface Product {
  id: number;
  slug: string;
  name: string;
  category: string;
  price_cents: number;
  currency: "EUR";
  stock: number;
  rating: number;
  description: string;
}

export interface OrderItem {
  product_id: number;
  quantity: number;
  price_cents: number;
}

export interface Order {
  id: string;
  username: string;
  items: OrderItem[];
  total_cents: number;
  status: "paid" | "shipped" | "delivered";
  created_at: string;
}

export interface Review {
  id: number;
  product_id: number;
  username: string;
  rating: number;
  text: string;
  /** Order UUID of a verified purchase: shown publicly, as some shops do (a leak the enumeration attack uses). */
  verified_order?: string;
  created_at: string;
}

export interface Catalog {
  seed: number;
  categories: Category[];
  products: Product[];
  users: DemoUser[];
  orders: Order[];
  reviews: Review[];
}

const CATEGORY_WORDS: Record<string, { name: string; nouns: string[] }> = {
  electronics: {
    name: "Electronics",
    nouns: ["Headphones", "Speaker", "Charger", "Keyboard", "Mouse", "Webcam", "USB Hub", "Smartwatch", "E-Reader"],
  },
  "home-kitchen": {
    name: "Home & Kitchen",
    nouns: ["Kettle", "Toaster", "Knife Set", "Blender", "Coffee Grinder", "Frying Pan", "Teapot", "Cutting Board"],
  },
  books: { name: "Books", nouns: ["Cookbook", "Novel", "Atlas", "Field Guide", "Notebook", "Sketchbook", "Journal"] },
  outdoor: { name: "Outdoor", nouns: ["Tent", "Backpack", "Sleeping Bag", "Headlamp", "Water Bottle", "Camp Stove"] },
  toys: { name: "Toys & Games", nouns: ["Puzzle", "Board Game", "Building Set", "Kite", "Plush Bear", "Card Game"] },
  fashion: { name: "Fashion", nouns: ["Scarf", "Jacket", "Sneakers", "Beanie", "Wallet", "Sunglasses", "Belt"] },
  beauty: { name: "Beauty", nouns: ["Face Cream", "Shampoo", "Soap Bar", "Lip Balm", "Hair Brush", "Perfume"] },
  sports: { name: "Sports", nouns: ["Yoga Mat", "Dumbbells", "Jump Rope", "Tennis Racket", "Football", "Bike Light"] },
  garden: { name: "Garden", nouns: ["Watering Can", "Pruner", "Planter", "Seed Kit", "Garden Gloves", "Hose"] },
  office: {
    name: "Office",
    nouns: ["Desk Lamp", "Pen Set", "Stapler", "Monitor Stand", "Desk Organizer", "Chair Mat"],
  },
};

const ADJECTIVES = [
  "Wireless",
  "Compact",
  "Pro",
  "Classic",
  "Portable",
  "Smart",
  "Eco",
  "Deluxe",
  "Mini",
  "Rugged",
  "Vintage",
  "Ultra",
  "Everyday",
  "Premium",
  "Foldable",
  "Nordic",
];
const BRANDS = ["Acme", "Nimbus", "Orbit", "Kestrel", "Lumen", "Pioneer", "Harbor", "Fjord", "Sable", "Tandem"];
const FIRST = [
  "anna",
  "ben",
  "clara",
  "david",
  "emma",
  "felix",
  "gina",
  "hugo",
  "iris",
  "jan",
  "kim",
  "leo",
  "maya",
  "noah",
  "omar",
  "paula",
  "quinn",
  "rosa",
  "sam",
  "tara",
  "uma",
  "vera",
  "will",
  "xenia",
  "yuri",
  "zara",
];
const LAST = [
  "smith",
  "muller",
  "garcia",
  "rossi",
  "dupont",
  "novak",
  "silva",
  "kim",
  "jones",
  "berg",
  "costa",
  "fischer",
  "martin",
  "lopez",
  "sato",
  "khan",
];
const REVIEW_TEXT = [
  "Does exactly what it says.",
  "Good value for the price.",
  "Arrived quickly, well packed.",
  "A bit smaller than expected but works fine.",
  "Stopped working after two weeks, support replaced it.",
  "Great quality, would buy again.",
  "Not for me, returned it.",
  "My second one, still happy.",
  "Nice design, instructions could be clearer.",
];

/** `"Acme Wireless Speaker"` → `"acme-wireless-speaker"`. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** Seconds since epoch of the seeded history's reference point (2026-01-01T00:00:00Z). */
export const CATALOG_EPOCH_S = 1_767_225_600;

function iso(ts: number): string {
  return new Date(ts * 1000).toISOString();
}

function buildCustomers(rng: Rng, count: number): DemoUser[] {
  const out: DemoUser[] = [];
  const taken = new Set(DEMO_USERS.map((u) => u.username));
  for (let i = 0; out.length < count && i < count * 4; i++) {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const style = rng.int(0, 2);
    const username =
      style === 0
        ? `${first}.${last}`
        : style === 1
          ? `${first}${rng.int(1, 99)}`
          : `${first[0]}${last}${rng.int(1, 9)}`;
    if (taken.has(username)) continue;
    taken.add(username);
    const name = `${first[0]?.toUpperCase()}${first.slice(1)} ${last[0]?.toUpperCase()}${last.slice(1)}`;
    out.push({ username, password: `${first}-${rng.hex(8)}`, name, role: "customer" });
  }
  return out;
}

/** Builds the whole seeded catalogue. Sizes vary with the seed (categories 7-10, products 150-320, customers 360-440). */
export function buildCatalog(seed = 1): Catalog {
  const rng = new Rng(seed).fork("catalog");
  const categorySlugs = rng.sample(Object.keys(CATEGORY_WORDS), rng.int(7, 10)).sort();
  const categories = categorySlugs.map((slug) => ({ slug, name: CATEGORY_WORDS[slug]?.name ?? slug }));

  const products: Product[] = [];
  const slugs = new Set<string>();
  let id = 100 + rng.int(0, 400);
  const productCount = rng.int(150, 320);
  for (let i = 0; i < productCount; i++) {
    const category = rng.pick(categorySlugs);
    const noun = rng.pick(CATEGORY_WORDS[category]?.nouns ?? ["Thing"]);
    const name = `${rng.pick(BRANDS)} ${rng.pick(ADJECTIVES)} ${noun}`;
    let slug = slugify(name);
    for (let n = 2; slugs.has(slug); n++) slug = `${slugify(name)}-${n}`;
    slugs.add(slug);
    products.push({
      id,
      slug,
      name,
      category,
      price_cents: Math.round(rng.lognormal(2500, 0.9) / 10) * 10 + 9,
      currency: "EUR",
      stock: rng.chance(0.08) ? 0 : rng.int(1, 400),
      rating: 0,
      description: `${name}: ${rng.pick(["made to last", "light and sturdy", "our best seller", "new this season", "a customer favourite"])}. ${rng.pick(["Two-year warranty.", "Free returns within 30 days.", "Ships in 1-2 days.", "Limited stock."])}`,
    });
    // Gaps in the id sequence, as deleted products leave (enumerators hit 404s there).
    id += rng.chance(0.07) ? rng.int(2, 4) : 1;
  }

  const users = [...DEMO_USERS, ...buildCustomers(rng, rng.int(360, 440))];
  const customers = users.filter((u) => u.role === "customer");

  const orders: Order[] = [];
  for (const u of customers) {
    const n = rng.weighted<number>([
      [0, 3],
      [1, 3],
      [2, 2],
      [3, 1],
      [4, 1],
    ]);
    for (let k = 0; k < n; k++) {
      const items: OrderItem[] = rng.sample(products, rng.int(1, 4)).map((p) => ({
        product_id: p.id,
        quantity: rng.weighted<number>([
          [1, 8],
          [2, 2],
          [3, 1],
        ]),
        price_cents: p.price_cents,
      }));
      const created = CATALOG_EPOCH_S - rng.int(1, 400) * 86_400 - rng.int(0, 86_399);
      orders.push({
        id: rng.uuid(),
        username: u.username,
        items,
        total_cents: items.reduce((s, it) => s + it.price_cents * it.quantity, 0),
        status: rng.weighted([
          ["delivered", 7],
          ["shipped", 2],
          ["paid", 1],
        ] as const),
        created_at: iso(created),
      });
    }
  }

  const reviews: Review[] = [];
  let reviewId = 1;
  for (const o of orders) {
    for (const it of o.items) {
      if (!rng.chance(0.35)) continue;
      const rating = rng.weighted<number>([
        [5, 5],
        [4, 3],
        [3, 1],
        [2, 0.5],
        [1, 0.5],
      ]);
      reviews.push({
        id: reviewId++,
        product_id: it.product_id,
        username: o.username,
        rating,
        text: rng.pick(REVIEW_TEXT),
        verified_order: o.id,
        created_at: o.created_at,
      });
    }
  }
  const byProduct = new Map<number, number[]>();
  for (const r of reviews) {
    const list = byProduct.get(r.product_id) ?? [];
    list.push(r.rating);
    byProduct.set(r.product_id, list);
  }
  for (const p of products) {
    const rs = byProduct.get(p.id);
    p.rating = rs ? Math.round((rs.reduce((a, b) => a + b, 0) / rs.length) * 10) / 10 : 0;
  }
  return { seed, categories, products, users, orders, reviews };
}
