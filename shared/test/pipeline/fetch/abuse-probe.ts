// Run in a fresh process by limits.test.ts: fetches one abusive URL with the real fetchFeed and
// prints the error code and this process's memory, so the figure is not the jest worker's
// lifetime high-water mark. Usage: run-ts.mjs abuse-probe.ts <url> <timeoutMs>
import { fetchFeed } from '../../../src/pipeline/fetch/index.js';

const [url, timeoutMs] = process.argv.slice(2);
const mib = (bytes: number) => Math.round(bytes / (1024 * 1024));
const baselineMiB = mib(process.memoryUsage().rss);
let code = 'ok';
let bytesRead: unknown = null;
try {
  await fetchFeed(url!, {
    userAgent: 'narmon-test/1 (+https://example.org/contact)', connectTimeoutMs: 2000, timeoutMs: Number(timeoutMs),
    maxBytes: 15 * 1024 * 1024, maxRedirects: 5, allowlist: ['127.0.0.1'],
  });
} catch (err) {
  code = (err as { code?: string }).code ?? 'unclassed';
  bytesRead = (err as { details?: { bytesRead?: number } }).details?.bytesRead ?? null;
}
console.log(JSON.stringify({ code, bytesRead, baselineMiB, peakMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
