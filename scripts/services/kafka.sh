#!/usr/bin/env bash
# Apache Kafka for the integration tests: one KRaft node (broker + controller), loopback only.
#
#   scripts/services/kafka.sh up|down|status
#
# `up` fetches the broker jars from Maven Central once (scripts/services/kafka/pom.xml, copied into
# .services/kafka/libs), formats a fresh data directory with the test SCRAM users, starts the broker with
# the machine's Java (17+) and waits until both client listeners answer. Idempotent: a running broker is
# left alone. Listeners (override the ports with the env vars in brackets):
#   PLAINTEXT       127.0.0.1:19092  [KAFKA_PLAINTEXT_PORT]  -> tests read KAFKA_BROKERS
#   SASL_PLAINTEXT  127.0.0.1:19093  [KAFKA_SASL_PORT]       -> KAFKA_SASL_BROKERS, SCRAM-SHA-256 and -512
#   CONTROLLER      127.0.0.1:19094  [KAFKA_CONTROLLER_PORT] (internal)
#   SSL             127.0.0.1:19095  [KAFKA_SSL_PORT]        -> KAFKA_SSL_BROKERS, TLS, client certificate requested
#   SASL_PLAINTEXT  127.0.0.1:19096  [KAFKA_OAUTH_PORT]      -> KAFKA_OAUTH_BROKERS, OAUTHBEARER (unsecured JWTs)
#   SSL             127.0.0.1:19097  [KAFKA_MTLS_PORT]       -> KAFKA_MTLS_BROKERS, TLS, client certificate required
# Test credentials (fixed; loopback only): KAFKA_SCRAM_USERNAME=scaler KAFKA_SCRAM_PASSWORD=scaler-secret
# TLS material (throwaway, generated once with openssl, kept across runs) in .services/kafka/tls [KAFKA_TLS_DIR]:
#   ca.pem (the CA), broker.pem/broker.key (CN localhost, SAN DNS:localhost IP:127.0.0.1), client.pem/client.key
#   (CN scaler-client, signed by the CA), client-encrypted.key (the same key as encrypted PKCS#8, password
#   KAFKA_TLS_KEY_PASSWORD=client-key-secret) and other-ca.pem (an unrelated CA, for "wrong CA" tests).
# The OAUTHBEARER listener validates unsecured JWTs (alg "none", Kafka's built-in validator): any token with
# a "sub" and a future "exp" logs in, so tests can issue tokens from a local token endpoint.
# State lives in .services/kafka [KAFKA_SERVICE_DIR]. The broker is recognised by its command line (kafka.Kafka
# with this directory's server.properties), so a stale pid file, a reused pid or a broker whose pid file was
# lost (a wiped .services) is handled: `up` replaces a lost broker, `down` stops it.
set -euo pipefail

service=kafka
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Absolute, so that the broker's command line (how it is recognised) does not depend on the caller's cwd.
base="$(absolute_path "${KAFKA_SERVICE_DIR:-$root/.services/kafka}")"
libs="$base/libs"
data="$base/data"
pidfile="$base/kafka.pid"
logfile="$base/kafka.log"
props="$base/server.properties"

plaintext_port="${KAFKA_PLAINTEXT_PORT:-19092}"
sasl_port="${KAFKA_SASL_PORT:-19093}"
controller_port="${KAFKA_CONTROLLER_PORT:-19094}"
ssl_port="${KAFKA_SSL_PORT:-19095}"
oauth_port="${KAFKA_OAUTH_PORT:-19096}"
mtls_port="${KAFKA_MTLS_PORT:-19097}"
tls_dir="$(absolute_path "${KAFKA_TLS_DIR:-$base/tls}")"
tls_key_password="${KAFKA_TLS_KEY_PASSWORD:-client-key-secret}"
scram_user="${KAFKA_SCRAM_USERNAME:-scaler}"
scram_password="${KAFKA_SCRAM_PASSWORD:-scaler-secret}"
start_timeout_s="${KAFKA_START_TIMEOUT_S:-90}"

# True when $1 is a live broker of this directory (not a zombie, not a reused pid).
is_ours() {
  alive_pid "$1" && [[ "$(command_line "$1")" == *" kafka.Kafka $props "* ]]
}

where() {
  log "PLAINTEXT 127.0.0.1:$plaintext_port (KAFKA_BROKERS), SASL_PLAINTEXT SCRAM-SHA-256/512 127.0.0.1:$sasl_port (KAFKA_SASL_BROKERS, user $scram_user), controller 127.0.0.1:$controller_port, pid $(cat "$pidfile"), log $logfile"
  log "SSL 127.0.0.1:$ssl_port (KAFKA_SSL_BROKERS, client certificate requested), SSL 127.0.0.1:$mtls_port (KAFKA_MTLS_BROKERS, client certificate required), SASL_PLAINTEXT OAUTHBEARER 127.0.0.1:$oauth_port (KAFKA_OAUTH_BROKERS, unsecured JWTs)"
  log "TLS files in $tls_dir (KAFKA_TLS_DIR): ca.pem, client.pem, client.key, client-encrypted.key (password KAFKA_TLS_KEY_PASSWORD), other-ca.pem"
}

ensure_tools() {
  local missing=()
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
  local major
  major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  if [ "${major%%.*}" -lt 17 ] 2>/dev/null; then
    log "Kafka 4 needs Java 17 or newer; found java.specification.version=$major" >&2
    exit 1
  fi
}

ensure_libs() {
  local stamp="$libs/.pom.sha256" sum
  sum="$(sha256sum "$here/kafka/pom.xml" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then return; fi
  log "fetching the broker jars from Maven Central into $libs"
  rm -rf "$libs"
  mkdir -p "$libs"
  if ! (cd "$here/kafka" && mvn -B -q -Dstyle.color=never dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$libs") >"$base/maven.log" 2>&1; then
    log "Maven could not fetch the broker jars; last lines of $base/maven.log:" >&2
    tail -n 20 "$base/maven.log" >&2
    exit 1
  fi
  echo "$sum" >"$stamp"
}

# A PEM file as one properties value (Java Properties turns the \n escapes back into line breaks).
pem_value() {
  awk 'NF { printf "%s\\n", $0 }' "$1"
}

write_config() {
  cat >"$props" <<EOF
# Generated by scripts/services/kafka.sh: single-node KRaft, loopback only, tuned for fast tests.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://127.0.0.1:$plaintext_port,SASL_PLAINTEXT://127.0.0.1:$sasl_port,CONTROLLER://127.0.0.1:$controller_port,SSL://127.0.0.1:$ssl_port,OAUTH://127.0.0.1:$oauth_port,MTLS://127.0.0.1:$mtls_port
advertised.listeners=PLAINTEXT://127.0.0.1:$plaintext_port,SASL_PLAINTEXT://127.0.0.1:$sasl_port,SSL://127.0.0.1:$ssl_port,OAUTH://127.0.0.1:$oauth_port,MTLS://127.0.0.1:$mtls_port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT,SSL:SSL,OAUTH:SASL_PLAINTEXT,MTLS:SSL
inter.broker.listener.name=PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_plaintext.sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
# OAUTHBEARER with Kafka's unsecured-JWT validator (alg "none"; "sub" is the principal, "exp" must be in the
# future). The login module's sub is only the broker's own identity as a client, unused here.
listener.name.oauth.sasl.enabled.mechanisms=OAUTHBEARER
listener.name.oauth.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="broker";
listener.name.oauth.oauthbearer.sasl.server.callback.handler.class=org.apache.kafka.common.security.oauthbearer.internals.unsecured.OAuthBearerUnsecuredValidatorCallbackHandler
# TLS: PEM key store and trust store; the key and chain are inline values (an inline key may be unencrypted).
ssl.keystore.type=PEM
ssl.keystore.key=$(pem_value "$tls_dir/broker.key")
ssl.keystore.certificate.chain=$(pem_value "$tls_dir/broker.pem")
ssl.truststore.type=PEM
ssl.truststore.location=$tls_dir/ca.pem
listener.name.ssl.ssl.client.auth=requested
listener.name.mtls.ssl.client.auth=required
log.dirs=$data
num.partitions=1
auto.create.topics.enable=true
delete.topic.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=3
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
share.coordinator.state.topic.num.partitions=1
group.initial.rebalance.delay.ms=0
log.retention.check.interval.ms=1000
log.segment.delete.delay.ms=0
log.flush.scheduler.interval.ms=1000
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
background.threads=2
EOF
}

broker_ready() {
  grep -q "Kafka Server started" "$logfile" && port_open "$plaintext_port" && port_open "$sasl_port" &&
    port_open "$ssl_port" && port_open "$oauth_port" && port_open "$mtls_port"
}

# Small heap, fast start-up. slf4j-simple logs at INFO to stderr, which goes to the log file.
jvm_opts=(-Xms128m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true
  -Dorg.slf4j.simpleLogger.defaultLogLevel=info -Dorg.slf4j.simpleLogger.showDateTime=true
  -Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn)

java_cmd() {
  java "${jvm_opts[@]}" -cp "$libs/*" "$@"
}

format_storage() {
  rm -rf "$data"
  mkdir -p "$data"
  local cluster_id
  cluster_id="$(java_cmd kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
  java_cmd kafka.tools.StorageTool format -t "$cluster_id" -c "$props" \
    --add-scram "SCRAM-SHA-256=[name=$scram_user,password=$scram_password]" \
    --add-scram "SCRAM-SHA-512=[name=$scram_user,password=$scram_password]" >"$base/format.log" 2>&1 || {
    log "formatting the storage failed:" >&2
    grep -v "^\s" "$base/format.log" | tail -n 20 >&2
    exit 1
  }
}

up() {
  if already_running; then return 0; fi
  remove_stale_pidfile "this broker"
  stop_orphans "a broker"
  require_free_ports KAFKA_PLAINTEXT_PORT/KAFKA_SASL_PORT/KAFKA_CONTROLLER_PORT/KAFKA_SSL_PORT/KAFKA_OAUTH_PORT/KAFKA_MTLS_PORT \
    "$plaintext_port" "$sasl_port" "$controller_port" "$ssl_port" "$oauth_port" "$mtls_port"
  ensure_tools
  ensure_libs
  make_test_tls broker "scalerkit test CA" scaler-client 600
  write_config
  format_storage
  local started=$SECONDS
  : >"$logfile"
  start_detached kafka-broker java "${jvm_opts[@]}" -cp "$libs/*" kafka.Kafka "$props"
  await_started "the broker" running 0.25 broker_ready
  log "started in $((SECONDS - started))s"
  where
}

down() {
  stop_recorded
  stop_orphans "a broker"
  report_stopped
}

run_command "${1:-}"
