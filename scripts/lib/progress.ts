/** A one-line progress bar on stderr when it is a terminal; plain lines otherwise (CI logs). */
export function progressBar(label: string): (done: number, total: number, item: string) => void {
  const tty = process.stderr.isTTY === true;
  return (done, total, item) => {
    if (!tty) {
      process.stderr.write(`${label} ${done}/${total} ${item}\n`);
      return;
    }
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    process.stderr.write(`\r${label} [${bar}] ${done}/${total} ${item.slice(-50).padEnd(50)}`);
    if (done === total) process.stderr.write('\n');
  };
}
