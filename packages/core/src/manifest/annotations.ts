import type { PauseAnnotations } from './types.js';

/** The annotations KEDA reads on a ScaledObject / ScaledJob. */
export const kedaAnnotations = {
  paused: 'autoscaling.keda.sh/paused',
  pausedReplicas: 'autoscaling.keda.sh/paused-replicas',
  pausedScaleIn: 'autoscaling.keda.sh/paused-scale-in',
  pausedScaleOut: 'autoscaling.keda.sh/paused-scale-out',
  forceActivation: 'autoscaling.keda.sh/force-activation',
  transferHpaOwnership: 'scaledobject.keda.sh/transfer-hpa-ownership',
  hpaExcludedLabels: 'scaledobject.keda.sh/hpa-excluded-labels',
} as const;

const TRUE_SPELLINGS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_SPELLINGS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/**
 * Go's `strconv.ParseBool`: `1 t T TRUE true True` → true, `0 f F FALSE false False` → false,
 * anything else → undefined (not a boolean).
 */
export function parseGoBool(value: string): boolean | undefined {
  if (TRUE_SPELLINGS.has(value)) return true;
  if (FALSE_SPELLINGS.has(value)) return false;
  return undefined;
}

/** A KEDA boolean annotation: absent → false; present and not a Go boolean → true, as KEDA treats it. */
function annotationFlag(annotations: Record<string, string>, key: string): boolean {
  if (!Object.hasOwn(annotations, key)) return false;
  return parseGoBool(annotations[key] as string) ?? true;
}

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/**
 * Go's `strconv.ParseInt(value, 10, 32)`: optional sign, decimal digits, within int32.
 * Returns undefined when the text is not such a number.
 */
export function parseGoInt32(value: string): number | undefined {
  if (!/^[+-]?\d+$/.test(value)) return undefined;
  const parsed = Number(value);
  return parsed >= INT32_MIN && parsed <= INT32_MAX ? parsed : undefined;
}

/**
 * Reads the pause annotations as KEDA does.
 *
 * - `paused`: Go ParseBool, any unparsable value pauses.
 * - `paused-replicas`: its presence alone pauses (even with `paused: "false"`). A valid base-10 int32 ≥ 0
 *   becomes `pausedReplicas`. KEDA keeps an object with an unparsable (or negative, which the scale
 *   subresource refuses) count paused and then fails its reconcile; scalerkit keeps it paused with
 *   `pausedReplicas` undefined (replicas stay where they are) and does not throw.
 * - `paused-scale-in`, `paused-scale-out`, `force-activation`: ParseBool, unparsable = true.
 *
 * A ScaledJob honours only `paused` (`kind: 'ScaledJob'`).
 */
export function parsePauseAnnotations(
  annotations: Record<string, string>,
  kind: 'ScaledObject' | 'ScaledJob' = 'ScaledObject',
): PauseAnnotations {
  const paused = annotationFlag(annotations, kedaAnnotations.paused);
  if (kind === 'ScaledJob') {
    return { paused, pausedScaleIn: false, pausedScaleOut: false, forceActivation: false };
  }
  const hasPausedReplicas = Object.hasOwn(annotations, kedaAnnotations.pausedReplicas);
  const result: PauseAnnotations = {
    paused: paused || hasPausedReplicas,
    pausedScaleIn: annotationFlag(annotations, kedaAnnotations.pausedScaleIn),
    pausedScaleOut: annotationFlag(annotations, kedaAnnotations.pausedScaleOut),
    forceActivation: annotationFlag(annotations, kedaAnnotations.forceActivation),
  };
  if (hasPausedReplicas) {
    const replicas = parseGoInt32(annotations[kedaAnnotations.pausedReplicas] as string);
    if (replicas !== undefined && replicas >= 0) result.pausedReplicas = replicas;
  }
  return result;
}
