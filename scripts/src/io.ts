import { createInterface } from 'node:readline';

/** Reads JSON lines from a stream; a bad line is reported with its number and skipped. */
export async function* readJsonLines(input: NodeJS.ReadableStream, onError: (lineNo: number, message: string) => void): AsyncGenerator<Record<string, unknown>> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n++;
    if (!line.trim()) continue;
    try {
      const v = JSON.parse(line);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a JSON object');
      yield v as Record<string, unknown>;
    } catch (err) {
      onError(n, (err as Error).message);
    }
  }
}

/** Writes one JSON line, waiting when stdout is full so large inputs stream in bounded memory. */
export async function writeJsonLine(value: unknown): Promise<void> {
  if (!process.stdout.write(`${JSON.stringify(value)}\n`)) {
    await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
  }
}
