// The simulator kit's public API. Scenarios, the CLI, the build and the browser runners import from here.
export type * from './types.ts';
export { LOCK_SERVICE, STORE, VERDICT_INFO, VERDICT_KINDS } from './types.ts';

export { createCluster, MAX_TURNS, DEFAULT_HORIZON_MS } from './cluster.ts';
export type { Cluster, ClusterOptions, SpawnOptions } from './cluster.ts';
export type { Proc } from './process.ts';
export type { LockClient, LostReason } from './lock-client.ts';
export { DEADLINE_CHECK_MS, FIRST_KEEPALIVE_TIMEOUT_MS, KEEPALIVE_POLL_MS } from './lock-client.ts';
export { FIRST_TOKEN } from './lock-service.ts';
export { acceptAll, logTokenOnly } from './object-store.ts';
export type { PutHandler, PutRequest, PutResult, StoreClient, StoreContext } from './object-store.ts';
export type { ConsoleLike } from './console.ts';
export { LeaseLostError, LockHeldError, RpcTimeoutError, WriteRejectedError, describeError } from './errors.ts';
export { ReadRejectedError } from './errors.ts';
export type { ErrorInfo } from './errors.ts';
export { RPC_TIMEOUT_MS } from './rpc.ts';

export { errorVerdict, judge } from './judge.ts';
export { describeEvent, formatLog, seconds, traceToLog } from './log.ts';
export type { LogOptions, LogRow } from './log.ts';

export { Scheduler } from './scheduler.ts';
export { between, deriveSeed, mulberry32 } from './random.ts';
export type { Random } from './random.ts';
export { resolveSchedule } from './schedule.ts';
export type { Schedule } from './schedule.ts';

export { defaultSchedule, runSplitBrain } from './split-brain.ts';
export type { RunJob, SplitBrainOptions } from './split-brain.ts';
export { electionLoop, runTwoWorkers } from './split-brain.ts';
export type { TwoWorkersOptions } from './split-brain.ts';

// Lesson 2: a store with reads, versions and compare-and-set, and the read-modify-write scenario.
export type {
  GetRequest,
  PutOptions,
  PutOutcome,
  RegisterRequest,
  Versioned,
  VersionedHandlers,
  VersionedPutRequest,
  VersionedStoreClient,
} from './versioned-store.ts';
export { readModifyWriteSchedule, runReadModifyWrite } from './read-modify-write.ts';
export type { ReadModifyWriteOptions, RunVersionedJob } from './read-modify-write.ts';
export { drawSchedule, explore, mergeExplore, scheduleSeed, EXAMPLES_PER_VERDICT } from './explore.ts';
export type { ExploreOptions, RunFn } from './explore.ts';
export { FAULT_MODEL, FAULT_MODEL_LIMITS, FAULT_MODEL_SUMMARY, faultModelLines } from './fault-model.ts';
export type { FaultAssumption, FaultSource } from './fault-model.ts';

// Lesson 3: the lock service as an etcd-like store with revisions, leases and transactions.
export { KvService, START_REVISION, SNAPSHOT_REVISION } from './kv.ts';
export type { Cmp, KeyValue, Op, RestorePlan, TxnRequest, TxnResponse } from './kv.ts';
export {
  KvError,
  compare,
  createRevision,
  modRevision,
  version,
  value,
  opPut,
  opGet,
  opDelete,
  newSession,
  newMutex,
  newElection,
} from './etcd-client.ts';
export type { Etcd, Session, Mutex, Election, Target } from './etcd-client.ts';
export { runEtcdSplitBrain, NEXT_RUN_AT } from './etcd-split-brain.ts';
export type { EtcdJob, EtcdSplitBrainOptions } from './etcd-split-brain.ts';
