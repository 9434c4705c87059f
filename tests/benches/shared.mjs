// What the browser benchmarks share: the bench page at the benchmark's size, and the renderer's
// memory as they read it: private bytes from /proc (Private_Clean + Private_Dirty of
// smaps_rollup), the renderer pids from CDP SystemInfo, and a sampler of the peak.
import { readFileSync } from "node:fs";

/** A process's private memory in bytes, or null when /proc cannot tell. */
export function privateBytes(pid) {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    let kb = 0;
    for (const m of rollup.matchAll(/^Private_(?:Clean|Dirty|Hugetlb):\s+(\d+) kB/gm)) kb += Number(m[1]);
    return kb * 1024;
  } catch {
    return null;
  }
}

/** The renderer processes' pids, from the browser's CDP SystemInfo domain ([] if unavailable). */
export async function rendererPids(browser) {
  try {
    const session = await browser.newBrowserCDPSession();
    const { processInfo } = await session.send("SystemInfo.getProcessInfo");
    await session.detach();
    return processInfo.filter((p) => p.type === "renderer").map((p) => p.id);
  } catch {
    return [];
  }
}

/** The largest private memory among the renderers (ours is the busy one), or null. */
export function rendererPrivate(pids) {
  const sizes = pids.map(privateBytes).filter((b) => b !== null);
  return sizes.length ? Math.max(...sizes) : null;
}

/** Samples the renderers' private memory every 100 ms and keeps the peak. */
export function peakSampler(pids) {
  let peak = rendererPrivate(pids);
  const timer = setInterval(() => {
    const now = rendererPrivate(pids);
    if (now !== null) peak = Math.max(peak ?? 0, now);
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}


/** A new page of the benchmark's size in `browser`, and the list its errors go to. */
export async function benchPage(browser) {
  const page = await browser.newPage({ viewport: { width: 1320, height: 1000 }, deviceScaleFactor: 1 });
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  return { page, pageErrors };
}
