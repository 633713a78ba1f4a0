// The whole story on a real file, in headless Chromium, as a user lives it:
// drop the CSV on the page (read), open Compare and train the TensorFlow
// imbalanced-data tutorial's three networks (baseline, class-weighted,
// oversampled; 100 epochs at most, early stopping on validation PR-AUC, the
// page's defaults otherwise) until every chart and the table are shown.
// Prints the breakdown: read; the comparison's wall time split into each
// model's fit (from the run's report), the rest inside the run (split,
// preparation, evaluation) and the charts after it; and the total.
//   node bench/end_to_end.mjs [CSV] [EPOCHS]   # default: $CREDITCARD or bench/data/creditcard.csv, 100
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, ROOT } from '../tests/e2e/server.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const csv = path.resolve(process.argv[2] ?? process.env.CREDITCARD ?? path.join(ROOT, 'bench/data/creditcard.csv'));
const epochs = String(process.argv[3] ?? 100);
const server = await serve();
const browser = await launch();
try {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(600_000);
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.train === 'done');
  await page.evaluate(() => { delete document.body.dataset.state; });
  const t0 = Date.now();
  await page.setInputFiles('#file', csv);
  await page.waitForFunction(() => ['loaded', 'error'].includes(document.body.dataset.state));
  const readS = (Date.now() - t0) / 1000;
  await page.click('#tab-compare');
  await page.fill('#cmp-epochs', epochs);
  const viewBefore = await page.evaluate(() => document.body.dataset.compareView ?? '');
  const t1 = Date.now();
  await page.click('#cmp-train');
  await page.waitForFunction(() => ['done', 'error', 'cancelled'].includes(document.body.dataset.compare));
  const trainS = (Date.now() - t1) / 1000;
  const state = await page.evaluate(() => document.body.dataset.compare);
  await page.waitForFunction((b) => (document.body.dataset.compareView ?? '') !== b, viewBefore);
  const totalS = (Date.now() - t0) / 1000;
  const chartsS = totalS - readS - trainS;
  const fits = JSON.parse(await page.evaluate(() => document.body.dataset.compareFit ?? '[]'));
  const fitSum = fits.reduce((s, f) => s + f.seconds, 0);
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(JSON.stringify({ file: path.basename(csv), state, readS, trainS, chartsS, totalS, fits, load }));
  console.log(`\nEnd to end on ${path.basename(csv)} (${(fs.statSync(csv).size / 1e6).toFixed(1)} MB), epochs ≤ ${epochs}, load average ${load}, ${os.cpus().length} cores\n`);
  console.log('| step | s |\n|---|---:|');
  console.log(`| read (file picker → summary) | ${readS.toFixed(2)} |`);
  for (const f of fits) console.log(`| fit: ${f.name} (${f.epochs} epochs) | ${f.seconds.toFixed(2)} |`);
  console.log(`| rest of the run (split, preparation, evaluation, messages) | ${(trainS - fitSum).toFixed(2)} |`);
  console.log(`| charts and table after the run | ${chartsS.toFixed(2)} |`);
  console.log(`| **total** | **${totalS.toFixed(2)}** |`);
} finally {
  await browser.close();
  await server.close();
}
