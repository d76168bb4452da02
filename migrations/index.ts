import type { MigrationInterface } from 'typeorm';
import { RuntimeProbe1764201600000 } from './1764201600000-runtime-probe';
import { IdentityReferenceAuditOutbox1764288000000 } from './1764288000000-identity-reference-audit-outbox';
import { SeedRegions1764288000001 } from './1764288000001-seed-regions';
import { JointCalls1764374400000 } from './1764374400000-joint-calls';
import { Proposals1764460800000 } from './1764460800000-proposals';
import { Eligibility1764547200000 } from './1764547200000-eligibility';
import { WorkflowSignalOutbox1764633600000 } from './1764633600000-workflow-signal-outbox';
import { Attachments1764720000000 } from './1764720000000-attachments';
import { RegionalAnnex1764806400000 } from './1764806400000-regional-annex';
import { EvaluatorPool1764892800000 } from './1764892800000-evaluator-pool';
import { ReviewAssignments1764979200000 } from './1764979200000-review-assignments';
import { ConsensusRanking1765065600000 } from './1765065600000-consensus-ranking';
import { RankingAndTwoStage1765238400000 } from './1765238400000-ranking-and-two-stage';
import { FundingDecision1765324800000 } from './1765324800000-funding-decision';
import { Projects1765411200000 } from './1765411200000-projects';
import { ProjectMonitoring1765497600000 } from './1765497600000-project-monitoring';
import { Redress1765152000000 } from './1765152000000-redress';
import { UserLanguage1765584060000 } from './1765584060000-user-language';
import { CallEnd1765670401000 } from './1765670401000-call-end';
import { CallSettings1765670430000 } from './1765670430000-call-settings';

/**
 * Every migration, in order. Listed explicitly (not globbed) so that the same list works from
 * TypeScript sources, the compiled build and jest. Add new ones at the end.
 */
export const ALL_MIGRATIONS: Array<new () => MigrationInterface> = [
  RuntimeProbe1764201600000,
  IdentityReferenceAuditOutbox1764288000000,
  SeedRegions1764288000001,
  JointCalls1764374400000,
  Proposals1764460800000,
  Eligibility1764547200000,
  WorkflowSignalOutbox1764633600000,
  Attachments1764720000000,
  RegionalAnnex1764806400000,
  EvaluatorPool1764892800000,
  ReviewAssignments1764979200000,
  ConsensusRanking1765065600000,
  Redress1765152000000,
  RankingAndTwoStage1765238400000,
  FundingDecision1765324800000,
  Projects1765411200000,
  ProjectMonitoring1765497600000,
  UserLanguage1765584060000,
  CallEnd1765670401000,
  CallSettings1765670430000,
];
