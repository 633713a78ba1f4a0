// CPU seconds used by a headless browser launched by tests/e2e/browser.mjs:
// the browser process of a profile and its descendants (the renderer runs
// the page's workers as threads, so their CPU counts there), user + system,
// from /proc/PID/stat. A bench reads it before and after a step: the
// difference over the wall time says how many cores the step kept busy,
// whatever else loads the machine. Linux only.
import fs from 'node:fs';

const TICK = 100; // USER_HZ: clock ticks a second on Linux

/** Every process as {pid, ppid, cpu (user + system seconds so far), cmd}. */
export function processes() {
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

/** The browser process of `profile` and every process under it (empty when it is gone). */
export function browserTree(profile) {
  const all = processes();
  const root = all.find((p) => p.cmd.includes(`--user-data-dir=${profile}`) && !p.cmd.includes('--type='));
  if (!root) return [];
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...all.filter((p) => p.ppid === tree[i].pid));
  return tree;
}

/** CPU seconds so far of the browser of `profile` and every process under it. */
export function browserCpu(profile) {
  const tree = browserTree(profile);
  return tree.length ? tree.reduce((sum, p) => sum + p.cpu, 0) : NaN;
}

/** The load average, "1m 5m 15m". */
export const loadAverage = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/**
 * CPU seconds so far of every thread of the browser's renderer processes
 * (the page's workers are threads there): Map `pid/tid` → {name, cpu}.
 * The difference of two samples says how much CPU each worker used; the
 * busiest worker's CPU is what a run takes when the cores are not shared
 * with other loads (the wall time then is its critical path).
 */
export function threadCpu(profile) {
  const out = new Map();
  for (const p of browserTree(profile).filter((q) => q.cmd.includes('--type=renderer'))) {
    let tids = [];
    try { tids = fs.readdirSync(`/proc/${p.pid}/task`); } catch { continue; }
    for (const tid of tids) {
      try {
        const stat = fs.readFileSync(`/proc/${p.pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(`${p.pid}/${tid}`, { name, cpu: (Number(f[11]) + Number(f[12])) / TICK });
      } catch { /* gone */ }
    }
  }
  return out;
}

/** The threads' CPU seconds between two `threadCpu` samples, busiest first (threads under 0.05 s left out). */
export function threadDelta(before, after) {
  return [...after].map(([k, v]) => ({ thread: k, name: v.name, cpu: v.cpu - (before.get(k)?.cpu ?? 0) }))
    .filter((t) => t.cpu >= 0.05).sort((a, b) => b.cpu - a.cpu);
}

/**
 * Samples `threadCpu(profile)` every `ms` until `stop()`, which returns each
 * thread's CPU seconds used since the start (busiest first, as
 * `threadDelta`): a worker terminated at the end of a run is counted up to
 * its last sample.
 */
export function sampleThreads(profile, ms = 200) {
  const first = threadCpu(profile);
  const last = new Map(first);
  const take = () => { for (const [k, v] of threadCpu(profile)) last.set(k, v); };
  const timer = setInterval(take, ms);
  return () => {
    clearInterval(timer);
    take();
    return threadDelta(first, last);
  };
}
