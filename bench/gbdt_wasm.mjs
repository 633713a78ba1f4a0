// The wasm side of the boosted-trees speed benchmark (bench/gbdt_speed.sh):
// loads the page's own pkg/ in Node, reads the training and test parts
// written by `rareclass train --export-split DIR`, and times one gbdt fit
// (process CPU time and wall time, read in the callback benchGbdtFit calls
// when the fit returns: the test rows' scoring after it is not timed, as
// the native example and the Python peers time the fit alone). Prints one
// JSON line.
//   node bench/gbdt_wasm.mjs DIR '{"n_rounds":300,"max_leaves":15,"learning_rate":0.03}'
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { initSync, benchGbdtFit } from '../pkg/rareclass.js';

function npy(path) {
  const b = readFileSync(path);
  const headerLen = b.readUInt16LE(8);
  const header = b.subarray(10, 10 + headerLen).toString('latin1');
  const shape = header.match(/'shape': \(([^)]*)\)/)[1].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const data = b.subarray(10 + headerLen);
  return { data: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)), shape };
}

const [dir, params = '{}'] = process.argv.slice(2);
initSync({ module: readFileSync(fileURLToPath(new URL('../pkg/rareclass_bg.wasm', import.meta.url))) });
const x = npy(`${dir}/x_train.npy`);
const y = npy(`${dir}/y_train.npy`);
const xt = npy(`${dir}/x_test.npy`);
const yt = npy(`${dir}/y_test.npy`);
const f32 = (a) => new Float32Array(a.data.buffer);
const c0 = process.cpuUsage();
const t0 = performance.now();
let wall = NaN;
let c = { user: NaN, system: NaN };
const fitted = () => {
  wall = (performance.now() - t0) / 1000;
  c = process.cpuUsage(c0);
};
const out = JSON.parse(benchGbdtFit(f32(x), y.data, x.shape[1], params, f32(xt), yt.data, fitted));
console.log(JSON.stringify({ tool: 'rareclass-wasm', rows: x.shape[0], features: x.shape[1], cpu_s: (c.user + c.system) / 1e6, wall_s: wall, ...out }));
