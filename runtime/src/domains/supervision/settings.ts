import { AppError } from '../../errors/catalogue';

/** The indicators of the efficiency ranking that enter its composite score (docs/supervision.md, "Ranking"). */
export const SCORE_INDICATORS = ['onTime', 'overdue', 'speed', 'satisfaction', 'licenceReuse', 'online', 'noVisit'] as const;
export type ScoreIndicator = (typeof SCORE_INDICATORS)[number];

/** Weights of the composite score; they need not sum to 1 (the score divides by the weights that apply). */
export type ScoreWeights = Record<ScoreIndicator, number>;

/** The rules a province configures; defaults follow the law and common provincial practice. */
export interface SupervisionSettings {
  /** Yellow warning once this share of the working time has passed (or one working day is left). Default 0.8. */
  yellowShare: number;
  /** Art. 32: days to decide acceptance when the item sets none. Default 5. */
  acceptanceLimitDays: number;
  /** Art. 42: most working days extensions may add in total; 15 for items handled jointly. Defaults 10 and 15. */
  maxExtensionDays: number;
  maxJointExtensionDays: number;
  /** Working days a department has to rectify a bad grade before it escalates. Default 15. */
  rectificationDays: number;
  /** Default weights of the composite score. */
  weights: ScoreWeights;
}

/** The default weights: timeliness first, then the citizen's grade, then convenience (docs/supervision.md). */
export const DEFAULT_WEIGHTS: ScoreWeights = {
  onTime: 0.25, overdue: 0.15, speed: 0.1, satisfaction: 0.2, licenceReuse: 0.1, online: 0.1, noVisit: 0.1,
};

export const DEFAULT_SETTINGS: SupervisionSettings = {
  yellowShare: 0.8,
  acceptanceLimitDays: 5,
  maxExtensionDays: 10,
  maxJointExtensionDays: 15,
  rectificationDays: 15,
  weights: DEFAULT_WEIGHTS,
};

/**
 * Parses weights written `onTime=0.3,satisfaction=0.2` (or with `:`): the indicators named replace the base
 * weights, the others keep theirs. Each weight is a number in [0, 10]; at least one must be positive.
 *
 * @throws AppError TB_SUPERVISION_WEIGHTS_INVALID naming the offending part.
 */
export function parseWeights(text: string, base: ScoreWeights = DEFAULT_WEIGHTS): ScoreWeights {
  const weights: ScoreWeights = { ...base };
  for (const part of text.split(',').map((entry) => entry.trim()).filter(Boolean)) {
    const match = /^([A-Za-z]+)\s*[=:]\s*([0-9]+(?:\.[0-9]+)?)$/.exec(part);
    const name = match?.[1] as ScoreIndicator | undefined;
    if (!match || !name || !(SCORE_INDICATORS as readonly string[]).includes(name)) {
      throw new AppError('TB_SUPERVISION_WEIGHTS_INVALID', {
        params: { reason: { zh: `无法识别“${part}”，指标为 ${SCORE_INDICATORS.join('、')}`, en: `cannot read "${part}"; indicators are ${SCORE_INDICATORS.join(', ')}` } },
        path: '/weights',
      });
    }
    const value = Number(match[2]);
    if (value > 10) {
      throw new AppError('TB_SUPERVISION_WEIGHTS_INVALID', { params: { reason: { zh: '权重应在 0 到 10 之间', en: 'a weight must be between 0 and 10' } }, path: '/weights' });
    }
    weights[name] = value;
  }
  if (!SCORE_INDICATORS.some((name) => weights[name] > 0)) {
    throw new AppError('TB_SUPERVISION_WEIGHTS_INVALID', { params: { reason: { zh: '至少一项权重应大于 0', en: 'at least one weight must be positive' } }, path: '/weights' });
  }
  return weights;
}

const numberFrom = (value: string | undefined, fallback: number, min: number, max: number, name: string): number => {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) throw new Error(`${name} must be a number in [${min}, ${max}], got "${value}"`);
  return parsed;
};

/**
 * Reads the settings from the environment (documented in docs/supervision.md):
 * `TONGBAN_SUPERVISION_YELLOW_SHARE`, `TONGBAN_SUPERVISION_ACCEPTANCE_DAYS`, `TONGBAN_SUPERVISION_MAX_EXTENSION_DAYS`,
 * `TONGBAN_SUPERVISION_MAX_JOINT_EXTENSION_DAYS`, `TONGBAN_EVALUATION_RECTIFICATION_DAYS`,
 * `TONGBAN_SUPERVISION_WEIGHTS`. A malformed value stops the start-up rather than silently using a default.
 */
export function loadSupervisionSettings(env: NodeJS.ProcessEnv = process.env): SupervisionSettings {
  return {
    yellowShare: numberFrom(env.TONGBAN_SUPERVISION_YELLOW_SHARE, DEFAULT_SETTINGS.yellowShare, 0.05, 0.99, 'TONGBAN_SUPERVISION_YELLOW_SHARE'),
    acceptanceLimitDays: Math.round(numberFrom(env.TONGBAN_SUPERVISION_ACCEPTANCE_DAYS, DEFAULT_SETTINGS.acceptanceLimitDays, 0, 60, 'TONGBAN_SUPERVISION_ACCEPTANCE_DAYS')),
    maxExtensionDays: Math.round(numberFrom(env.TONGBAN_SUPERVISION_MAX_EXTENSION_DAYS, DEFAULT_SETTINGS.maxExtensionDays, 0, 365, 'TONGBAN_SUPERVISION_MAX_EXTENSION_DAYS')),
    maxJointExtensionDays: Math.round(numberFrom(env.TONGBAN_SUPERVISION_MAX_JOINT_EXTENSION_DAYS, DEFAULT_SETTINGS.maxJointExtensionDays, 0, 365, 'TONGBAN_SUPERVISION_MAX_JOINT_EXTENSION_DAYS')),
    rectificationDays: Math.round(numberFrom(env.TONGBAN_EVALUATION_RECTIFICATION_DAYS, DEFAULT_SETTINGS.rectificationDays, 1, 365, 'TONGBAN_EVALUATION_RECTIFICATION_DAYS')),
    weights: env.TONGBAN_SUPERVISION_WEIGHTS ? parseWeights(env.TONGBAN_SUPERVISION_WEIGHTS) : DEFAULT_WEIGHTS,
  };
}
