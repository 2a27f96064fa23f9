export { temporaryPath, writeAtomically, writeFileAtomic } from "./atomic.ts";
