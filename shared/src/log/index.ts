import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

export type Logger = PinoLogger;

/** JSON logs to stderr (stdout stays clean for CLI output). */
export function createLogger(level: string = 'info', destination?: DestinationStream): Logger {
  return pino({ level, base: { service: 'narmon' } }, destination ?? pino.destination(2));
}
