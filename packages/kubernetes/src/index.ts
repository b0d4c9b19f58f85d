/** @scalerkit/kubernetes: KubernetesScaleTarget, leader election on Leases, createKubernetesOperator. */
export {};
