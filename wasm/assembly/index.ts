// apiward's Wasm scorer: one module, one memory ABI (abi.ts), one file per job.
// Each exported function has a plain-TypeScript reference under core/ that the
// tests hold equal.
export { inputCapacity, inputPtr, outputPtr } from "./abi";
export { stringFeatures } from "./features";
export { behaviourScore, behaviourTableCapacity, behaviourTablePtr } from "./behaviour/score";
export { sigInit, sigScan } from "./signatures/scan";
export { iforestPaths, suspicionScores } from "./anomaly/iforest";
