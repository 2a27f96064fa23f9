// Types of sqlGuard.js (the page imports the plain JavaScript; the unit test imports it from TypeScript).
export function refuseSql(query: string): string | null;
export const LOCK_DOWN: string[];
