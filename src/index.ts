// rollout-sim's public API.

// The seam a writer is handed, and its bindings.
export type { Clock, Env, FileHandle, FileStat, FileSystem, IdSource, OpenFlags, Preemption, TimerHandle, Timers } from './env/env';
export { nodeEnv, nodeFileSystem, systemClock, systemTimers, cryptoIds, createTempHome } from './env/node-env';
export { memoryEnv, volumeFileSystem, ManualClock, CountingIds, type MemoryEnv } from './env/memory-env';
export { noPreemption } from './env/no-preemption';
export { guardRealDisk, installRealDiskGuard, RealDiskAccessError, type DiskPolicy, type RealDiskTouch } from './env/real-disk-guard';

// The system under test.
export * from './recorder/index';

// The simulator.
export { simulate, SIM_HOME } from './sim/simulation';
export type { CallRecord, ObservedOutcome, RunEnd, RunResult, WriterPhase } from './sim/run-result';
export { ContractBreach, WriterFailure } from './sim/writer-failure';
export { MAX_READ_BACK_TURNS } from './sim/read-back';
export { describeEnd, describeOutcome } from './sim/run-result';
export { DEFAULT_LIMITS, singleHandleScenario, type Scenario, type SimLimits } from './sim/scenario';
export { DEFAULT_BOUNDS, scenarioArbitrary, scenarioForSeed, workloadArbitrary, faultPlanArbitrary, type ScenarioBounds, type WorkloadBounds } from './sim/scenario-arbitrary';
export { ChoiceTape } from './sim/choice-tape';
export { RandomWalkStrategy, PctStrategy, ReplayStrategy, ReplayDivergenceError, strategyFor, type SchedulingStrategy, type StrategySpec, type EnabledEvent } from './sim/strategy';
export { FAULT_KINDS, noFaultsFired, describeFault, type Fault, type FaultKind, type FaultPlan } from './sim/fault-plan';
export { Trace, contentHash, hashOfLines, renderEntry, type TraceEntry } from './sim/trace';
export { firstDivergence, type TraceDivergence } from './sim/trace-divergence';
export type { ActorSpec, HandleOp, SessionOp, Workload } from './sim/workload';
export * from './sim/writer-contract';

// The invariants and the campaign that checks them.
export * from './invariants/index';
export { runCampaign, replayFailure, shardPlan, checkReplayPath, MAX_CAMPAIGN_RUNS, ReplayPathError, type CampaignOptions, type CampaignResult, type Shard } from './campaign/campaign';
export { assertWriter, WriterPropertyError, AssertWriterOptionError, type AssertWriterOptions } from './campaign/assert-writer';
export type { RunBeat, OnRunStart } from './campaign/run-beat';
export { Corpus, CorpusFileError, CorpusFormatError, memoryCorpusStore, defaultCorpusPath, BUNDLED_CORPUS, USER_CORPUS, type CorpusEntry, type CorpusStore } from './campaign/corpus';
export { checkCorpusEntry, EntryFieldError } from './campaign/corpus-entry-check';
export { formatFailure, replayCommand, actorSteps, type Failure, type WriterRef } from './campaign/failure';
export { PROFILES, PROFILE_NAMES, STRATEGY_MIXES, boundsFor, parseProfile, type ProfileName, type StrategyMix } from './campaign/profiles';
export { writerProperty, InvariantViolationError } from './campaign/writer-property';
export { rerunAndCompare, DEFAULT_DETERMINISM_CHECK, type DeterminismCheck } from './campaign/determinism-check';
export { budgetFromEnv, type Budget } from './campaign/budget';
export { junitReport } from './campaign/junit-report';

// Writers by name, and users' writer modules.
export { rolloutRecorderWriter, readRolloutBack } from './adapters/rollout-recorder-writer';
export { writerForVariant } from './adapters/variants';
export { loadWriterModule, WriterModuleError } from './adapters/writer-module';

// Unmodified packages that call node:fs: the simulated node:fs, a run bound to it, and loading a package with it.
export { simNodeFs, simNodeFsPromises, SimFileHandle } from './targets/sim-node-fs';
export { bindNodeFs, NodeFsOutsideRunError, NodeFsNotSimulatedError, NodeFsAlreadyBoundError } from './targets/node-fs-binding';
export { loadTarget, targetModules, TargetLoadError } from './targets/fs-redirect';
export { nodeLoggerWriter, NODE_FS_RUNTIME } from './targets/node-fs-runtime';
export type { TargetAdapter, TargetRuntime } from './targets/target-adapter';
export { target, targetWriter, readRecords, recordLine, type Target } from './targets/target-writer';
export { TARGETS, targetWriterFor, UnknownTargetError } from './targets/registry';
export { installGlobalTime } from './targets/global-time';

// The HTML trace report: a run drawn as swimlanes, from its JSON-lines trace and the facts read off it.
export { htmlReport, traceJsonl, ReportError, REPORT_FORMAT, type ReportData } from './report/html-report';
export { runReportHtml, failureReportHtml } from './report/run-report';
export { runFactsOf, type RunFacts, type ReportOrigin, type ReportItem, type ItemStatus, type ReportFile, type ReportAck, type ReportViolation } from './report/run-facts';
export { swimlanesOf, type Swimlanes, type Lane, type Mark, type Span, type Stretch, type CrashCut } from './report/swimlanes';
export { parseTraceLines, TraceLinesError, type TraceLines } from './report/trace-lines';
