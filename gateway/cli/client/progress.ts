/**
 * Progress on stderr, so stdout carries only the result: a live status line with a spinner on a
 * terminal, plain timestamped lines in CI logs (which cannot redraw a line).
 */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Progress {
  /** A milestone: kept on screen / printed as a line. */
  step(message: string): void;
  /** A waiting state: animated on a terminal, printed once in logs. */
  waiting(message: string): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, options: { quiet: boolean; ci: boolean }): Progress {
  if (options.quiet) return { step: () => undefined, waiting: () => undefined, stop: () => undefined };
  const live = stream.isTTY === true && !options.ci;
  if (!live) {
    const line = (message: string): void => {
      stream.write(`[autogen-gate ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
    };
    let lastWaiting = '';
    return {
      step: line,
      waiting: (message) => {
        if (message !== lastWaiting) line(message);
        lastWaiting = message;
      },
      stop: () => undefined,
    };
  }
  let frame = 0;
  let current = '';
  let timer: NodeJS.Timeout | undefined;
  const draw = (): void => {
    stream.write(`\r\x1b[2K${FRAMES[frame % FRAMES.length] ?? ''} ${current}`);
    frame++;
  };
  const clear = (): void => {
    if (timer) clearInterval(timer);
    timer = undefined;
    stream.write('\r\x1b[2K');
  };
  return {
    step: (message) => {
      clear();
      stream.write(`✓ ${message}\n`);
    },
    waiting: (message) => {
      current = message;
      if (!timer) {
        timer = setInterval(draw, 100);
        timer.unref();
      }
      draw();
    },
    stop: clear,
  };
}
