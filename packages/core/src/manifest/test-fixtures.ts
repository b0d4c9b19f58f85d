// Realistic ScaledObject manifests in the style of KEDA's documentation examples.

export const kafkaYaml = `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: kafka-scaledobject
  namespace: default
spec:
  scaleTargetRef:
    name: azure-functions-deployment
  pollingInterval: 30
  triggers:
  - type: kafka
    metadata:
      bootstrapServers: localhost:9092
      consumerGroup: my-group
      topic: test-topic
      # Optional
      lagThreshold: "50"
      offsetResetPolicy: latest
    authenticationRef:
      name: keda-trigger-auth-kafka-credential
`;

export const rabbitmqYaml = `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: rabbitmq-scaledobject
  namespace: default
  labels:
    app: orders
spec:
  scaleTargetRef:
    name: rabbitmq-deployment
  triggers:
  - type: rabbitmq
    metadata:
      protocol: amqp
      queueName: testqueue
      mode: QueueLength
      value: "20"
    authenticationRef:
      name: keda-trigger-auth-rabbitmq-conn
`;

export const sqsYaml = `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: aws-sqs-queue-scaledobject
  namespace: default
spec:
  scaleTargetRef:
    name: nginx-deployment
  minReplicaCount: 1
  maxReplicaCount: 10
  cooldownPeriod: 60
  idleReplicaCount: 0
  triggers:
  - type: aws-sqs-queue
    authenticationRef:
      name: keda-trigger-auth-aws-credentials
      kind: ClusterTriggerAuthentication
    metadata:
      queueURL: https://sqs.eu-west-1.amazonaws.com/account_id/QueueName
      queueLength: "5"
      awsRegion: "eu-west-1"
`;

export const serviceBusYaml = `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: azure-servicebus-queue-scaledobject
  namespace: default
  annotations:
    autoscaling.keda.sh/paused-replicas: "2"
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: StatefulSet
    name: order-processor
    envSourceContainerName: processor
  initialCooldownPeriod: 120
  triggers:
  - type: azure-servicebus
    name: orders
    metricType: Value
    useCachedMetrics: true
    metadata:
      queueName: functions-sbqueue
      namespace: service-bus-namespace
      messageCount: "5"
`;

export const cronCpuYaml = `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: cron-cpu-scaledobject
spec:
  scaleTargetRef:
    name: web
  minReplicaCount: 1
  triggers:
  - type: cron
    metadata:
      timezone: Asia/Kolkata
      start: 30 * * * *
      end: 45 * * * *
      desiredReplicas: "10"
  - type: cpu
    metricType: Utilization
    metadata:
      value: "60"
`;

export const behaviorFallbackYaml = `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: worker
spec:
  scaleTargetRef:
    name: worker
  minReplicaCount: 0
  maxReplicaCount: 30
  fallback:
    failureThreshold: 3
    replicas: 6
    behavior: currentReplicasIfHigher
  advanced:
    restoreToOriginalReplicaCount: true
    horizontalPodAutoscalerConfig:
      name: keda-hpa-worker-custom
      behavior:
        scaleDown:
          stabilizationWindowSeconds: 300
          policies:
          - type: Percent
            value: 100
            periodSeconds: 15
        scaleUp:
          stabilizationWindowSeconds: 0
          selectPolicy: Max
          tolerance: 50m
          policies:
          - type: Pods
            value: 4
            periodSeconds: 15
          - type: Percent
            value: 1000
            periodSeconds: 1800
  triggers:
  - type: rabbitmq
    metadata:
      queueName: jobs
      mode: QueueLength
      value: "10"
      hostFromEnv: RABBITMQ_HOST
`;

export const scalingModifiersYaml = `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: composite
spec:
  scaleTargetRef:
    name: composite-target
  fallback:
    failureThreshold: 2
    replicas: 4
    behavior: scalingModifiers
  advanced:
    scalingModifiers:
      formula: "(trig_one + trig_two)/2"
      target: "2"
      activationTarget: "2.5"
  triggers:
  - type: kubernetes-workload
    name: trig_one
    metadata:
      podSelector: 'pod=workload-test'
  - type: metrics-api
    name: trig_two
    metadata:
      url: "https://mockbin.org/bin/336a8d99-9e09-4f1f-979d-851a6d1b1423"
      valueLocation: "tasks"
`;
