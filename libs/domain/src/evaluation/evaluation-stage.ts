import { DomainError } from '../domain-error';
import type { CallConfiguration, EvaluationCriterion } from '../calls/call-configuration';

/**
 * What one evaluation round scores against (SPEC §3, §5 V7): the criteria in the call's order (the
 * order matters for the V8 tie-breaks) and the threshold on their unweighted sum.
 */
export interface EvaluationStage {
  stage: 1 | 2;
  criteria: EvaluationCriterion[];
  overallThreshold: number;
}

export type EvaluationStageConfig = Pick<
  CallConfiguration,
  'stages' | 'criteria' | 'overallThreshold' | 'stage1Criteria' | 'stage1OverallThreshold'
>;

/**
 * The criteria and overall threshold of `stage`: a one-stage call has only stage 1, scored on
 * `criteria` / `overallThreshold`; a two-stage call scores pre-proposals (stage 1) on `stage1Criteria`
 * / `stage1OverallThreshold` (default: the sum of the stage-1 thresholds, as `withCallDefaults`) and
 * full proposals (stage 2) on `criteria` / `overallThreshold`. Throws INVALID_STAGE for a stage the call
 * does not have and STAGE1_CRITERIA_REQUIRED when a two-stage call has no stage-1 criteria. The
 * configuration is assumed valid otherwise (`validateCallConfiguration`).
 */
export function evaluationStage(config: EvaluationStageConfig, stage: 1 | 2): EvaluationStage {
  if ((stage !== 1 && stage !== 2) || stage > config.stages) {
    throw new DomainError('INVALID_STAGE', `A ${config.stages}-stage call has no stage ${String(stage)}.`, 'rule', [], {
      stages: config.stages,
      stage,
    });
  }
  if (config.stages === 1 || stage === 2) {
    return { stage, criteria: config.criteria, overallThreshold: config.overallThreshold };
  }
  const criteria = config.stage1Criteria;
  if (!criteria || criteria.length === 0) {
    throw new DomainError(
      'STAGE1_CRITERIA_REQUIRED',
      'A two-stage call needs stage-1 criteria to score pre-proposals.',
      'rule',
    );
  }
  const overallThreshold = config.stage1OverallThreshold ?? criteria.reduce((sum, c) => sum + c.threshold, 0);
  return { stage: 1, criteria, overallThreshold };
}
