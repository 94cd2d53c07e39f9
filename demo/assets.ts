/**
 * @module demo/assets
 * The demo shop's static files: the page script, the style sheet and the
 * favicon. The script is what a browser really runs on each page, and it
 * defines which API calls a simulated browser makes after loading one (see
 * sim/actors/browser.ts): live stock and reviews on product pages, the
 * category listing, `/api/me` and the cart only once the visitor has logged in.
 */

export const APP_JS = `// demo shop page script
const api = (path, init) => fetch(path, { credentials: "same-origin", ...init }).then((r) => r.ok ? r.json() : Promise.reject(r));
const page = document.body.dataset;
if (localStorage.getItem("signedIn") === "1") {
  api("/api/me").then((me) => { document.querySelector("#me").textContent = me.name; return api("/api/cart"); })
    .then((cart) => { document.querySelector("#cart-count").textContent = String(cart.items.length); })
    .catch(() => localStorage.removeItem("signedIn"));
}
if (page.kind === "home") api("/api/categories").then((r) => render("#categories", r.categories));
if (page.kind === "category") api("/api/products?category=" + page.category + "&page=" + page.page + "&per_page=24").then((r) => render("#list", r.items));
if (page.kind === "product") {
  api("/api/products/by-slug/" + page.slug).then((p) => { document.querySelector("#stock").textContent = p.stock > 0 ? "In stock" : "Sold out"; });
  api("/api/products/" + page.id + "/reviews").then((r) => render("#reviews", r.items));
}
document.querySelector("#search")?.addEventListener("submit", (e) => {
  e.preventDefault();
  api("/api/search?q=" + encodeURIComponent(e.target.q.value)).then((r) => render("#list", r.items));
});
document.querySelector("#login")?.addEventListener("submit", (e) => {
  e.preventDefault();
  api("/api/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: e.target.username.value, password: e.target.password.value }) })
    .then(() => { localStorage.setItem("signedIn", "1"); location.reload(); })
    .catch(() => { document.querySelector("#login-error").hidden = false; });
});
document.querySelector("#add")?.addEventListener("click", () =>
  api("/api/cart", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ product_id: Number(page.id), quantity: 1 }) }));
document.querySelector("#checkout")?.addEventListener("click", () =>
  api("/api/orders", { method: "POST" }).then((o) => api("/api/orders/" + o.id)).then((o) => alert("Order " + o.id + " placed")));
function render(sel, items) {
  const el = document.querySelector(sel);
  if (el) el.innerHTML = items.map((i) => "<li>" + (i.name ?? i.text) + "</li>").join("");
}
`;

export const STYLE_CSS = `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d2330}
header{display:flex;gap:1rem;align-items:center;padding:.75rem 1.5rem;background:#1d2330;color:#fff}
header a{color:#fff;text-decoration:none}
main{max-width:64rem;margin:0 auto;padding:1.5rem}
ul.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem;list-style:none;padding:0}
ul.grid li{border:1px solid #dde;border-radius:.5rem;padding:1rem}
.price{font-weight:600}
nav.pages a{margin-right:.5rem}
`;

/** A valid 1x1 32-bit ICO (70 bytes), built once. */
function buildFavicon(): Uint8Array {
  const b = new Uint8Array(70);
  const v = new DataView(b.buffer);
  v.setUint16(2, 1, true); // type: icon
  v.setUint16(4, 1, true); // one image
  b[6] = 1; // width
  b[7] = 1; // height
  v.setUint16(10, 1, true); // planes
  v.setUint16(12, 32, true); // bits per pixel
  v.setUint32(14, 48, true); // image size
  v.setUint32(18, 22, true); // image offset
  v.setUint32(22, 40, true); // BITMAPINFOHEADER size
  v.setInt32(26, 1, true);
  v.setInt32(30, 2, true); // height doubled (XOR + AND masks)
  v.setUint16(34, 1, true);
  v.setUint16(36, 32, true);
  b.set([0x30, 0x23, 0x1d, 0xff], 62); // one dark pixel, BGRA
  return b;
}

export const FAVICON = buildFavicon();
