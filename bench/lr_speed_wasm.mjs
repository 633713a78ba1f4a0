// Times bench/lr_speed_wasm.rs (built for wasm32 with simd128) in Node on
// the rows bench/lr_speed.rs dumped; see that file's module doc.
import { readFileSync } from "node:fs";

const dir = process.argv[2] ?? "/tmp/lr_speed";
const wasmPath = process.argv[3] ?? "target/wasm32-unknown-unknown/release/bench/lr_speed_wasm.wasm";
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {});
const w = instance.exports;
const y = readFileSync(`${dir}/y.u8`);
const xBytes = readFileSync(`${dir}/x.f32`);
const n = y.length;
const d = xBytes.length / 4 / n;
const xp = w.alloc(xBytes.length);
new Uint8Array(w.memory.buffer, xp, xBytes.length).set(xBytes);
const yp = w.alloc(n);
new Uint8Array(w.memory.buffer, yp, n).set(y);
console.log(`wasm: rows ${n} x ${d}`);
const rust = JSON.parse(readFileSync(`${dir}/rust_fit.json`, "utf8"));
for (const [label, tol, solver] of [
  ["auto (newton), tol 1e-4", 1e-4, 0],
  ["auto (newton), tol 1e-10", 1e-10, 0],
  ["lbfgs, tol 1e-4", 1e-4, 1],
  ["lbfgs, tol 1e-10", 1e-10, 1],
]) {
  let best = Infinity;
  let iters = 0;
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    iters = w.fit(xp, yp, n, d, tol, solver);
    best = Math.min(best, performance.now() - t);
  }
  let diff = 0;
  let scale = 0;
  for (let j = 0; j <= d; j++) {
    const ref = j < d ? rust.coef[j] : rust.intercept;
    diff = Math.max(diff, Math.abs(w.coef(j) - ref));
    scale = Math.max(scale, Math.abs(ref));
  }
  console.log(
    `${label.padEnd(28)} ${(best / 1000).toFixed(4)} s  iters ${iters}  max|grad| ${w.coef(d + 1).toExponential(1)}  vs native newton 1e-10: ${(diff / scale).toExponential(1)}`,
  );
}
