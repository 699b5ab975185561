// The system under test: the rollout recorder, its session and its reader.
export * from './errors';
export * from './outcome';
export * from './rollout-item';
export { CHANNEL_CAPACITY, BoundedChannel } from './channel';
export { VARIANT_NAMES, type VariantName } from './lifecycle';
export { RolloutRecorder, parseVariant, type CreateParams, type ResumeParams, type RecorderOptions } from './recorder';
export { RolloutSession, AFTER_CLONE_POINT } from './session';
export { loadHistory, parseHistory, parseRolloutLine, type History, type HistoryItem, type SkippedLine } from './history';
export { rolloutLocation, sessionsDir } from './rollout-path';
export * from './sample-items';
