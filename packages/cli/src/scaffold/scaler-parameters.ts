// The trigger parameters of a scaffolded scaler, written once as source text: the generated
// `src/<type>-parameters.ts` holds this text, and the generated README's table is made from the same text,
// evaluated here with the real builders. The generated package's own test checks that table again.
import { type ParameterShape, parameters } from '@scalerkit/core';

/** The declarations as they appear in the generated parameters file. */
export const scaffoldParametersSource = `{
  url: p.string({
    order: ['metadata', 'resolvedEnv'],
    description: 'Base URL of the queue service, e.g. http://127.0.0.1:8080.',
  }),
  queueName: p.string({ description: 'The queue whose depth is measured.' }),
  queueLength: p.integer({ default: 5, description: 'Target queue depth per replica (> 0).' }),
  activationQueueLength: p.integer({ default: 0, description: 'Active when the depth is above this (>= 0).' }),
  username: p.string({ order: ['authParams'], optional: true, description: 'Basic auth user.' }),
  password: p.string({ order: ['authParams'], optional: true, secret: true, description: 'Basic auth password.' }),
}`;

/** The same declarations as values (our own constant text, evaluated with the builders as `p`). */
export function scaffoldParameters(): ParameterShape {
  const build = new Function('p', `return ${scaffoldParametersSource};`) as (
    builders: typeof parameters,
  ) => ParameterShape;
  return build(parameters);
}
