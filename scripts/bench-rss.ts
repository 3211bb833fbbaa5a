// Preloaded with `node -r` by the benchmark: reports the process's peak RSS (KiB) on exit.
process.on('exit', () => {
  process.stderr.write(`\nBENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
