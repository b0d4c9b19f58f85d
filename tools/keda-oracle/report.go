package main

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	v2 "k8s.io/api/autoscaling/v2"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/metrics/pkg/apis/external_metrics"
)

// quantityJSON shows a Kubernetes resource.Quantity three ways: as Kubernetes prints it, in
// thousandths (exact for every value a scaler reports) and as an approximate float.
type quantityJSON struct {
	Text  string  `json:"text"`
	Milli int64   `json:"milli"`
	Value float64 `json:"value"`
}

func quantity(q *resource.Quantity) *quantityJSON {
	if q == nil {
		return nil
	}
	return &quantityJSON{Text: q.String(), Milli: q.MilliValue(), Value: q.AsApproximateFloat64()}
}

type metricSpecJSON struct {
	Name         string        `json:"name"`
	TargetType   string        `json:"targetType"`
	Value        *quantityJSON `json:"value,omitempty"`
	AverageValue *quantityJSON `json:"averageValue,omitempty"`
	// TargetValue is AverageValue for an AverageValue target and Value for a Value target.
	TargetValue *quantityJSON `json:"targetValue,omitempty"`
}

func metricSpecs(specs []v2.MetricSpec) []metricSpecJSON {
	result := make([]metricSpecJSON, 0, len(specs))
	for _, spec := range specs {
		if spec.External == nil {
			result = append(result, metricSpecJSON{Name: "", TargetType: string(spec.Type)})
			continue
		}
		target := spec.External.Target
		entry := metricSpecJSON{
			Name:         spec.External.Metric.Name,
			TargetType:   string(target.Type),
			Value:        quantity(target.Value),
			AverageValue: quantity(target.AverageValue),
		}
		if target.Type == v2.ValueMetricType {
			entry.TargetValue = entry.Value
		} else {
			entry.TargetValue = entry.AverageValue
		}
		result = append(result, entry)
	}
	return result
}

type metricValueJSON struct {
	Name  string        `json:"name"`
	Value *quantityJSON `json:"value"`
}

func metricValues(values []external_metrics.ExternalMetricValue) []metricValueJSON {
	result := make([]metricValueJSON, 0, len(values))
	for index := range values {
		result = append(result, metricValueJSON{Name: values[index].MetricName, Value: quantity(&values[index].Value)})
	}
	return result
}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		return 0
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}

func milliseconds(duration time.Duration) float64 {
	return float64(duration.Nanoseconds()) / 1e6
}

type processStatsJSON struct {
	RSSBytes    int64   `json:"rssBytes"`
	MaxRSSBytes int64   `json:"maxRssBytes"`
	CPUMs       float64 `json:"cpuMs"`
	Goroutines  int     `json:"goroutines"`
	HeapInUse   uint64  `json:"heapInUseBytes"`
	OpenScalers int     `json:"openScalers"`
	KedaVersion string  `json:"kedaVersion"`
	GoVersion   string  `json:"goVersion"`
}

// processStats reads VmRSS and VmHWM from /proc/self/status (Linux).
func processStats(openScalers int) processStatsJSON {
	stats := processStatsJSON{CPUMs: milliseconds(cpuTime()), Goroutines: runtime.NumGoroutine(), OpenScalers: openScalers,
		KedaVersion: kedaVersion(), GoVersion: runtime.Version()}
	var memory runtime.MemStats
	runtime.ReadMemStats(&memory)
	stats.HeapInUse = memory.HeapInuse
	if status, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(status), "\n") {
			fields := strings.Fields(line)
			if len(fields) < 2 {
				continue
			}
			kilobytes, _ := strconv.ParseInt(fields[1], 10, 64)
			switch fields[0] {
			case "VmRSS:":
				stats.RSSBytes = kilobytes * 1024
			case "VmHWM:":
				stats.MaxRSSBytes = kilobytes * 1024
			}
		}
	}
	return stats
}
