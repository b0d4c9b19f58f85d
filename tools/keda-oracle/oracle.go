package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/kedacore/keda/v2/pkg/scalers"
)

// request is one line of input. Op is one of:
//
//	check   (default) create, read specs, poll `polls` times (default 1; 0 with parseOnly), close
//	create  create and keep the scaler under `handle`; answers parse error and specs
//	poll    GetMetricsAndActivity on `handle` `polls` times (default 1), for `metricName` or the first spec
//	close   close `handle`
//	stats   process RSS, CPU, goroutines
//	run, activity, stop   an external-push scaler's Run (external.go)
type request struct {
	ID         json.RawMessage `json:"id,omitempty"`
	Op         string          `json:"op"`
	Handle     string          `json:"handle"`
	ParseOnly  bool            `json:"parseOnly"`
	Polls      *int            `json:"polls"`
	MetricName string          `json:"metricName"`
	TimeoutMs  int             `json:"timeoutMs"`
	// WaitFor is how many activity values `activity` waits for (external-push; see external.go).
	WaitFor int `json:"waitFor"`
	triggerRequest
}

type pollJSON struct {
	Values    []metricValueJSON `json:"values"`
	Active    bool              `json:"active"`
	Error     *string           `json:"error"`
	ElapsedMs float64           `json:"elapsedMs"`
	CPUMs     float64           `json:"cpuMs"`
}

type openScaler struct {
	scaler scalers.Scaler
	specs  []metricSpecJSON
	cancel context.CancelFunc
}

type oracle struct {
	mutex sync.Mutex
	open  map[string]*openScaler
	push  pushRuns
}

func (o *oracle) take(handle string, remove bool) (*openScaler, bool) {
	o.mutex.Lock()
	defer o.mutex.Unlock()
	held, exists := o.open[handle]
	if exists && remove {
		delete(o.open, handle)
	}
	return held, exists
}

func newOracle() *oracle {
	return &oracle{open: map[string]*openScaler{}, push: pushRuns{runs: map[string]*pushRun{}}}
}

func (o *oracle) handleLine(line []byte) (answer map[string]any) {
	answer = map[string]any{}
	var input request
	if err := json.Unmarshal(line, &input); err != nil {
		answer["error"] = "keda-oracle: request is not valid JSON: " + err.Error()
		return answer
	}
	if len(input.ID) > 0 {
		answer["id"] = input.ID
	}
	defer func() {
		if recovered := recover(); recovered != nil {
			answer["error"] = fmt.Sprintf("keda-oracle: scaler panicked: %v", recovered)
		}
	}()
	timeout := 30 * time.Second
	if input.TimeoutMs > 0 {
		timeout = time.Duration(input.TimeoutMs) * time.Millisecond
	}
	switch input.Op {
	case "", "check":
		o.check(input, timeout, answer)
	case "create":
		if _, exists := o.take(input.Handle, false); exists || input.Handle == "" {
			answer["error"] = fmt.Sprintf("keda-oracle: handle %q is empty or already open", input.Handle)
			return answer
		}
		if created := o.create(input.triggerRequest, timeout, answer); created != nil {
			o.mutex.Lock()
			o.open[input.Handle] = created
			o.mutex.Unlock()
		}
	case "poll":
		held, exists := o.take(input.Handle, false)
		if !exists {
			answer["error"] = fmt.Sprintf("keda-oracle: no open scaler %q", input.Handle)
			return answer
		}
		answer["polls"] = o.poll(held, input, timeout)
	case "close":
		held, exists := o.take(input.Handle, true)
		if !exists {
			answer["error"] = fmt.Sprintf("keda-oracle: no open scaler %q", input.Handle)
			return answer
		}
		if run, running := o.push.remove(input.Handle); running {
			run.cancel()
			run.take(1<<30, timeout)
		}
		answer["closeMs"] = closeScaler(held, timeout)
	case "stats":
		o.mutex.Lock()
		count := len(o.open)
		o.mutex.Unlock()
		answer["stats"] = processStats(count)
	default:
		if o.handlePush(input, timeout, answer) {
			return answer
		}
		answer["error"] = fmt.Sprintf("keda-oracle: unknown op %q (check, create, poll, close, stats, run, activity, stop)", input.Op)
	}
	return answer
}

func (o *oracle) check(input request, timeout time.Duration, answer map[string]any) {
	held := o.create(input.triggerRequest, timeout, answer)
	if held == nil {
		return
	}
	if !input.ParseOnly {
		answer["polls"] = o.poll(held, input, timeout)
	}
	answer["closeMs"] = closeScaler(held, timeout)
}

// create builds the scaler; on failure it sets answer["parseError"] (KEDA's error text) and
// returns nil. The scaler's context lives until close, as the operator's does.
func (o *oracle) create(input triggerRequest, timeout time.Duration, answer map[string]any) *openScaler {
	ctx, cancel := context.WithCancel(context.Background())
	config := scalerConfig(input)
	started, cpuStarted := time.Now(), cpuTime()
	scaler, err := withDeadline(timeout, func() (scalers.Scaler, error) { return buildScaler(ctx, config) })
	answer["createMs"] = milliseconds(time.Since(started))
	answer["createCpuMs"] = milliseconds(cpuTime() - cpuStarted)
	if err != nil {
		if scaler != nil {
			_ = scaler.Close(ctx)
		}
		cancel()
		answer["parseError"] = err.Error()
		return nil
	}
	answer["parseError"] = nil
	specContext, specCancel := context.WithTimeout(ctx, timeout)
	defer specCancel()
	started = time.Now()
	specs := metricSpecs(scaler.GetMetricSpecForScaling(specContext))
	answer["specMs"] = milliseconds(time.Since(started))
	answer["metricSpecs"] = specs
	return &openScaler{scaler: scaler, specs: specs, cancel: cancel}
}

func (o *oracle) poll(held *openScaler, input request, timeout time.Duration) []pollJSON {
	count := 1
	if input.Polls != nil {
		count = *input.Polls
	}
	metricName := input.MetricName
	if metricName == "" && len(held.specs) > 0 {
		metricName = held.specs[0].Name
	}
	results := make([]pollJSON, 0, count)
	for range count {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		started, cpuStarted := time.Now(), cpuTime()
		values, active, err := held.scaler.GetMetricsAndActivity(ctx, metricName)
		result := pollJSON{ElapsedMs: milliseconds(time.Since(started)), CPUMs: milliseconds(cpuTime() - cpuStarted),
			Values: metricValues(values), Active: active}
		cancel()
		if err != nil {
			text := err.Error()
			result.Error = &text
		}
		results = append(results, result)
	}
	return results
}

func closeScaler(held *openScaler, timeout time.Duration) float64 {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	started := time.Now()
	_ = held.scaler.Close(ctx)
	held.cancel()
	return milliseconds(time.Since(started))
}

func (o *oracle) closeAll(ctx context.Context) {
	o.push.stopAll()
	o.mutex.Lock()
	defer o.mutex.Unlock()
	for handle, held := range o.open {
		_ = held.scaler.Close(ctx)
		held.cancel()
		delete(o.open, handle)
	}
}

// withDeadline runs build and gives up after timeout (a constructor that hangs is reported, and
// its goroutine is left behind: the oracle is a short-lived test process).
func withDeadline(timeout time.Duration, build func() (scalers.Scaler, error)) (scalers.Scaler, error) {
	type outcome struct {
		scaler scalers.Scaler
		err    error
	}
	done := make(chan outcome, 1)
	go func() {
		defer func() {
			if recovered := recover(); recovered != nil {
				done <- outcome{err: fmt.Errorf("keda-oracle: scaler constructor panicked: %v", recovered)}
			}
		}()
		scaler, err := build()
		done <- outcome{scaler, err}
	}()
	select {
	case result := <-done:
		return result.scaler, result.err
	case <-time.After(timeout):
		return nil, fmt.Errorf("keda-oracle: scaler constructor did not return within %s", timeout)
	}
}
