/** Vercel's Edge bundler compiles `*.wasm?module` imports to a `WebAssembly.Module` at build time. */
declare module "*.wasm?module" {
  const module: WebAssembly.Module;
  export default module;
}
