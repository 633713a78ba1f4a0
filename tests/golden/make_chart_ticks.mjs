// Golden nice ticks for rareclass::chart::ticks::linear_ticks, made by d3
// (the reference implementation of the 1-2-5 tick method the chart port
// follows): values from d3-array `ticks(lo, hi, count)`, labels as
// d3-scale's linear `tickFormat` makes them: d3-format
// `format(",." + precisionFixed(tickStep(lo, hi, count)) + "f")`.
//
// Regenerate (from the repository root):
//   npm install --prefix /tmp/d3golden d3-array@3.2.5 d3-format@3.1.3
//   D3_MODULES=/tmp/d3golden/node_modules node tests/golden/make_chart_ticks.mjs \
//     > tests/golden/chart_ticks.json
import path from "node:path";
import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";

const base = process.env.D3_MODULES ?? "node_modules";
const pkg = (name) => JSON.parse(readFileSync(path.resolve(base, name, "package.json")));
const load = (name) => import(pathToFileURL(path.resolve(base, name, pkg(name).main)).href);
const version = (name) => pkg(name).version;
const { ticks, tickStep } = await load("d3-array");
const { format, precisionFixed } = await load("d3-format");

const domains = [
  [0, 1, 5], [0, 1, 10], [0.0013, 0.0171, 5], [0, 56864, 5], [-1, 1, 4],
  [0, 284807, 10], [0.31, 0.42, 6], [1e-7, 3e-6, 5], [-123.4, 9876.5, 7],
  [0.1, 0.9, 3], [17, 23, 5], [0, 100, 10], [1, 100, 6], [0.004, 0.7, 6],
  [-0.05, 0.05, 4], [1e9, 5e9, 4], [0.5, 0.50001, 5], [0, 0.017, 8],
  [3, 1234567, 6], [-0.3, -0.1, 5],
];
const cases = domains.map(([lo, hi, count]) => {
  const step = tickStep(lo, hi, count);
  const fmt = format(",." + precisionFixed(step) + "f");
  const values = ticks(lo, hi, count);
  return { lo, hi, count, values, labels: values.map(fmt) };
});
const out = {
  generator: `d3-array ${version("d3-array")} ticks(lo, hi, count); d3-format ${version("d3-format")} ` +
    `format(",." + precisionFixed(tickStep(lo, hi, count)) + "f"); node ${process.version}`,
  script: "tests/golden/make_chart_ticks.mjs",
  tolerance: "values equal to 1e-12 relative; labels exactly",
  cases,
};
console.log(JSON.stringify(out, null, 1));
