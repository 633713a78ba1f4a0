// CPU seconds used by a headless browser launched by tests/e2e/browser.mjs:
// the browser process of a profile and its descendants (the renderer runs
// the page's workers as threads, so their CPU counts there), user + system,
// from /proc/PID/stat. A bench reads it before and after a step: the
// difference over the wall time says how many cores the step kept busy,
// whatever else loads the machine. Linux only.
import fs from 'node:fs';

const TICK = 100; // USER_HZ: clock ticks a second on Linux

function processes() {
  const out = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command (which may hold spaces) in parentheses.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      out.push({ pid: Number(name), ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / TICK, cmd });
    } catch { /* gone meanwhile */ }
  }
  return out;
}

/** CPU seconds so far of the browser of `profile` and every process under it. */
export function browserCpu(profile) {
  const all = processes();
  const root = all.find((p) => p.cmd.includes(`--user-data-dir=${profile}`) && !p.cmd.includes('--type='));
  if (!root) return NaN;
  const tree = new Set([root.pid]);
  for (let grown = true; grown;) {
    grown = false;
    for (const p of all) if (!tree.has(p.pid) && tree.has(p.ppid)) { tree.add(p.pid); grown = true; }
  }
  return all.filter((p) => tree.has(p.pid)).reduce((s, p) => s + p.cpu, 0);
}

/** The load average, "1m 5m 15m". */
export const loadAverage = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
