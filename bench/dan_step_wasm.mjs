// The wasm side of the DAN step benchmark (bench/dan_step.sh): loads the
// page's package (pkg/, scripts/build.sh --bench) into Node and calls
// `benchDanStep`, which times the training step and the MK-MMD in wasm with
// the same code as the native side. Prints one JSON line.
//
//   node bench/dan_step_wasm.mjs [INPUTS] [BATCH] [REPEATS]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = await import(path.join(root, 'pkg/rareclass.js'));
pkg.initSync({ module: fs.readFileSync(path.join(root, 'pkg/rareclass_bg.wasm')) });
const [inputs = '117', batch = '512', repeats = '20'] = process.argv.slice(2);
const t = pkg.benchDanStep(Number(inputs), Number(batch), Number(repeats));
console.log(JSON.stringify({ tool: 'rareclass-wasm', ...t, node: process.version }));
