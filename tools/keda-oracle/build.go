package main

import (
	"context"
	"fmt"
	"time"

	v2 "k8s.io/api/autoscaling/v2"

	"github.com/kedacore/keda/v2/pkg/scalers"
	"github.com/kedacore/keda/v2/pkg/scalers/scalersconfig"
)

// triggerRequest is the part of a request that describes one trigger, as a ScaledObject's
// `spec.triggers[i]` plus what the operator resolves for it (auth params, container env).
type triggerRequest struct {
	TriggerType             string            `json:"triggerType"`
	Metadata                map[string]string `json:"metadata"`
	AuthParams              map[string]string `json:"authParams"`
	ResolvedEnv             map[string]string `json:"resolvedEnv"`
	TriggerIndex            int               `json:"triggerIndex"`
	TriggerName             string            `json:"triggerName"`
	MetricType              string            `json:"metricType"`
	GlobalHTTPTimeoutMs     int               `json:"globalHttpTimeoutMs"`
	AsMetricSource          bool              `json:"asMetricSource"`
	ScalableObjectName      string            `json:"scalableObjectName"`
	ScalableObjectNamespace string            `json:"scalableObjectNamespace"`
	ScalableObjectType      string            `json:"scalableObjectType"`
}

// supportedTriggerTypes are the trigger types scalerkit ships; each maps to the constructor that
// KEDA v2.21.0 pkg/scaling/scalers_builder.go buildScaler calls for it.
// `external` and `external-push` are KEDA's gRPC external-scaler client (external.go).
var supportedTriggerTypes = []string{"kafka", "rabbitmq", "aws-sqs-queue", "azure-servicebus", "azure-queue", "nats-jetstream",
	"external", "external-push"}

// scalerConfig fills scalersconfig.ScalerConfig the way KEDA v2.21.0
// pkg/scaling/scalers_builder.go (scaleHandler.buildScalers) does for one trigger.
func scalerConfig(request triggerRequest) *scalersconfig.ScalerConfig {
	orEmpty := func(values map[string]string) map[string]string {
		if values == nil {
			return map[string]string{}
		}
		return values
	}
	name := request.ScalableObjectName
	if name == "" {
		name = "oracle"
	}
	namespace := request.ScalableObjectNamespace
	if namespace == "" {
		namespace = "default"
	}
	kind := request.ScalableObjectType
	if kind == "" {
		kind = "ScaledObject"
	}
	timeout := time.Duration(request.GlobalHTTPTimeoutMs) * time.Millisecond
	if request.GlobalHTTPTimeoutMs == 0 {
		// KEDA's operator default (--keda-http-default-timeout / KEDA_HTTP_DEFAULT_TIMEOUT): 3000 ms.
		timeout = 3000 * time.Millisecond
	}
	return &scalersconfig.ScalerConfig{
		ScalableObjectName:      name,
		ScalableObjectNamespace: namespace,
		ScalableObjectType:      kind,
		TriggerName:             request.TriggerName,
		TriggerMetadata:         orEmpty(request.Metadata),
		TriggerType:             request.TriggerType,
		ResolvedEnv:             orEmpty(request.ResolvedEnv),
		AuthParams:              orEmpty(request.AuthParams),
		GlobalHTTPTimeout:       timeout,
		TriggerIndex:            request.TriggerIndex,
		MetricType:              v2.MetricTargetType(request.MetricType),
		AsMetricSource:          request.AsMetricSource,
		TriggerUniqueKey:        fmt.Sprintf("%s-%s-%s-%d", kind, namespace, name, request.TriggerIndex),
	}
}

// buildScaler mirrors the cases of KEDA v2.21.0 pkg/scaling/scalers_builder.go buildScaler for
// the trigger types scalerkit ships.
func buildScaler(ctx context.Context, config *scalersconfig.ScalerConfig) (scalers.Scaler, error) {
	switch config.TriggerType {
	case "kafka":
		return scalers.NewKafkaScaler(ctx, config)
	case "rabbitmq":
		return scalers.NewRabbitMQScaler(config)
	case "aws-sqs-queue":
		return scalers.NewAwsSqsQueueScaler(ctx, config)
	case "azure-servicebus":
		return scalers.NewAzureServiceBusScaler(config)
	case "azure-queue":
		return scalers.NewAzureQueueScaler(config)
	case "nats-jetstream":
		return scalers.NewNATSJetStreamScaler(config)
	case "external":
		return scalers.NewExternalScaler(config)
	case "external-push":
		return scalers.NewExternalPushScaler(config)
	default:
		return nil, &unsupportedTriggerError{triggerType: config.TriggerType}
	}
}

type unsupportedTriggerError struct{ triggerType string }

func (e *unsupportedTriggerError) Error() string {
	return fmt.Sprintf("keda-oracle: trigger type %q is not one scalerkit ships (supported: %v)", e.triggerType, supportedTriggerTypes)
}
