// Builds the tiny Wasm fixtures that fault-injection tests load in workerd
// (which cannot compile Wasm at run time): one that cannot be instantiated
// without an import, one that exports the scorer ABI but traps when called.
// Run: node scripts/build-test-wasm.mjs (outputs are committed).
import { writeFileSync } from "node:fs";
import binaryen from "binaryen";

const fixtures = {
  "needs-import.wasm": `(module (import "env" "missing" (func $m)) (memory (export "memory") 1)
    (func (export "inputPtr") (result i32) (i32.const 0))
    (func (export "inputCapacity") (result i32) (i32.const 1024))
    (func (export "outputPtr") (result i32) (i32.const 2048))
    (func (export "stringFeatures") (param i32) (result i32) (call $m) (i32.const 0)))`,
  "traps.wasm": `(module (memory (export "memory") 1)
    (func (export "inputPtr") (result i32) (i32.const 0))
    (func (export "inputCapacity") (result i32) (i32.const 1024))
    (func (export "outputPtr") (result i32) (i32.const 2048))
    (func (export "stringFeatures") (param i32) (result i32) (unreachable)))`,
};

for (const [name, wat] of Object.entries(fixtures)) {
  const mod = binaryen.parseText(wat);
  if (!mod.validate()) throw new Error(`${name} does not validate`);
  writeFileSync(new URL(`../test/fixtures/wasm/${name}`, import.meta.url), mod.emitBinary());
  mod.dispose();
}
console.log("wrote", Object.keys(fixtures).join(", "));
