// What the rabbitmq differential tests share: which of KEDA's constructor errors refuse the trigger itself.
import { isParseRejection } from '../ts/keda-oracle.js';

const CONNECTING = 'error establishing connection to RabbitMQ: ';

/**
 * amqp091-go's URI errors (v1.15.0 uri.go ParseURI, connection.go setSASL): DialConfig returns them before it
 * opens a socket, so KEDA wraps a refusal of the host as a connection error.
 */
const AMQP_URI_ERRORS =
  /^(AMQP scheme must be|URI must not contain whitespace|parse "|strconv\.|heartbeat is not|connection_timeout is not|channel_max is not|unsupported auth_mechanism)/;

/**
 * True when KEDA v2.21.0's rabbitmq constructor (pkg/scalers/rabbitmq_scaler.go NewRabbitMQScaler) refused the
 * trigger without I/O: its parse errors, the OAuth2 client, TLS material (returned unwrapped), the AMQP
 * connection string, and amqp091's URI checks. Only a failed dial or login is a failure to reach the broker.
 */
export function rabbitmqKedaRejects(parseError: string): boolean {
  if (isParseRejection(parseError)) return true;
  if (!parseError.startsWith(CONNECTING)) return true;
  return AMQP_URI_ERRORS.test(parseError.slice(CONNECTING.length));
}

/** The run options every rabbitmq comparison uses: scalerkit refuses bad TLS material and AMQP URIs in create(). */
export const rabbitmqRunOptions = { kedaRejects: rabbitmqKedaRejects, configErrorAtCreateIsRejection: true };
