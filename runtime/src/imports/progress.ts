import type { ImportProgress } from './dataset';

const number = (n: number) => Math.round(n).toLocaleString('en');

/** One progress line: lines and rows so far, rate, share of the source and ETA. */
export function formatProgress(progress: ImportProgress): string {
  const seconds = Math.max(progress.elapsedMs / 1000, 1e-3);
  const rate = progress.runLines / seconds;
  const byteRate = progress.runBytes / seconds;
  const parts = [
    `${progress.dataset ?? 'import'}: line ${number(progress.lineNumber)}`,
    `${number(progress.inserted)} new, ${number(progress.duplicates)} duplicate, ${number(progress.rejected)} rejected`,
    `${number(rate)} rows/s`,
  ];
  if (progress.totalBytes) {
    const share = Math.min(1, progress.byteOffset / progress.totalBytes);
    const eta = byteRate > 0 ? Math.max(0, (progress.totalBytes - progress.byteOffset) / byteRate) : Number.NaN;
    parts.push(`${(share * 100).toFixed(1)}%`);
    if (Number.isFinite(eta)) parts.push(`ETA ${eta >= 90 ? `${Math.floor(eta / 60)} min ${Math.round(eta % 60)} s` : `${Math.ceil(eta)} s`}`);
  }
  return parts.join(' | ');
}

/**
 * A progress bar on stderr: a bar with the share done, redrawn in place on a terminal (at most 5 times a second),
 * one line every 5 seconds otherwise (logs, CI).
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): { update(progress: ImportProgress): void; done(progress: ImportProgress): void } {
  let last = 0;
  const interval = stream.isTTY ? 200 : 5000;
  const render = (progress: ImportProgress) => {
    if (!stream.isTTY || !progress.totalBytes) return formatProgress(progress);
    const width = 24;
    const filled = Math.round(Math.min(1, progress.byteOffset / progress.totalBytes) * width);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${formatProgress(progress)}`;
  };
  return {
    update(progress) {
      const now = Date.now();
      if (now - last < interval) return;
      last = now;
      stream.write(stream.isTTY ? `\r${render(progress)}\u001b[K` : `${render(progress)}\n`);
    },
    done(progress) {
      stream.write(stream.isTTY ? `\r${render(progress)}\u001b[K\n` : `${render(progress)}\n`);
    },
  };
}
