/**
 * @module demo/users
 * The demo shop's documented accounts and their passwords, so a newcomer can
 * log in by hand (`curl -d '{"username":"alice","password":"alice-wonder-42"}'`).
 * A few use weak passwords on purpose: a dictionary attack in the simulator
 * really succeeds against them, as it would in the field. Service accounts
 * (`role: "service"`) are what the simulated API integrations and batch jobs
 * use; they may read every order. More customers are generated from the seed
 * in demo/catalog.ts; these are the ones listed for people.
 */

export type Role = "customer" | "service" | "admin";

export interface DemoUser {
  username: string;
  password: string;
  name: string;
  role: Role;
}

const user = (username: string, password: string, name: string, role: Role = "customer"): DemoUser => ({
  username,
  password,
  name,
  role,
});

export const DEMO_USERS: readonly DemoUser[] = [
  user("alice", "alice-wonder-42", "Alice Martin"),
  user("bob", "bob-builder-7", "Bob Dubois"),
  user("carol", "carol-singer-19", "Carol Schmidt"),
  user("dave", "dave-diver-88", "Dave Kowalski"),
  user("erin", "erin-explorer-3", "Erin O'Neill"),
  user("frank", "frank-furter-11", "Frank Rossi"),
  user("grace", "grace-hopper-1906", "Grace Liu"),
  user("heidi", "heidi-alps-21", "Heidi Brunner"),
  user("ivan", "ivan-ivanov-5", "Ivan Petrov"),
  user("judy", "judy-judge-64", "Judy Okafor"),
  user("mallory", "mallory-malice-13", "Mallory Grant"),
  user("niaj", "niaj-night-27", "Niaj Haddad"),
  user("olivia", "olivia-olive-9", "Olivia Costa"),
  user("peggy", "peggy-prover-33", "Peggy Lindqvist"),
  user("rupert", "rupert-bear-71", "Rupert Hughes"),
  user("sybil", "sybil-oracle-4", "Sybil Nakamura"),
  user("trent", "trent-trusted-55", "Trent Moreau"),
  user("victor", "victor-verify-12", "Victor Alvarez"),
  user("walter", "walter-white-50", "Walter Jensen"),
  user("yasmin", "yasmin-jasmine-8", "Yasmin Rahman"),
  user("zoe", "zoe-zebra-31", "Zoe Papadopoulos"),
  user("amir", "amir-prince-14", "Amir Tehrani"),
  user("beatriz", "beatriz-bossa-22", "Beatriz Souza"),
  user("chen", "chen-river-67", "Chen Wei"),
  user("dmitri", "dmitri-chess-2", "Dmitri Volkov"),
  user("elena", "elena-aurora-45", "Elena Novak"),
  user("fatima", "fatima-falcon-18", "Fatima Zahra"),
  user("gustav", "gustav-fjord-77", "Gustav Berg"),
  user("hana", "hana-blossom-6", "Hana Sato"),
  user("ines", "ines-harbour-90", "Ines Ferreira"),
  user("jonas", "jonas-whale-23", "Jonas Weber"),
  user("kofi", "kofi-drum-15", "Kofi Mensah"),
  user("lucia", "lucia-light-38", "Lucia Romano"),
  user("marek", "marek-mountain-29", "Marek Horak"),
  // Weak on purpose: found by a dictionary attack (see sim/wordlists.ts).
  user("test", "password123", "Test Account"),
  user("demo", "qwerty", "Demo Shopper"),
  user("admin", "admin2024!", "Shop Admin", "admin"),
  // Service accounts for integrations and batch jobs.
  user("svc-erp", "erp-sync-5f1c9a2e", "ERP connector", "service"),
  user("svc-analytics", "analytics-7b3d0c44", "Analytics export", "service"),
  user("svc-inventory", "inventory-91e2ab07", "Inventory sync", "service"),
  user("svc-mailer", "mailer-3c8f6d19", "Newsletter mailer", "service"),
];

export const SERVICE_USERS: readonly DemoUser[] = DEMO_USERS.filter((u) => u.role === "service");
