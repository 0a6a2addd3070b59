/** Opaque cursor of a position in a tenant's event sequence (clients store it and pass it back to `events(after:)`). */
export function eventCursor(sequence: number): string {
  return Buffer.from(`Event:${sequence}`, 'utf8').toString('base64url');
}

/** The sequence a cursor stands for, or null when it is not one of ours. */
export function sequenceOfCursor(cursor: string): number | null {
  if (typeof cursor !== 'string' || cursor.length > 40 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const match = /^Event:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : null;
}
