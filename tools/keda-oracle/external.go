package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/kedacore/keda/v2/pkg/scalers"
)

// The external trigger types drive a gRPC external scaler (scalerkit's @scalerkit/keda-external bridge in the
// tests) through KEDA v2.21.0's own client, pkg/scalers/external_scaler.go: NewExternalScaler for `external`,
// NewExternalPushScaler for `external-push`. `create`, `poll` and `close` work on them as on any scaler; a
// push scaler's `Run` (the operator's startPushScalers in pkg/scaling/scale_handler.go reads the activity
// channel it fills) is driven by the ops below:
//
//	run       start Run on `handle` (an external-push scaler); activity values are collected in order
//	activity  the values collected since the last `activity` (or `run`); waits until there are `waitFor` of them
//	          or `timeoutMs` passes; `closed` tells whether Run has ended; `metricSpecUpdates` are the specs
//	          StreamMetricSpec delivered through MetricSpecChan since the last answer
//	stop      cancel Run's context and wait for Run to close its channel (as the operator does on teardown)

// pushRun is one running Run of an external push scaler.
type pushRun struct {
	cancel  context.CancelFunc
	mutex   sync.Mutex
	changed chan struct{} // closed and replaced whenever values or closed change
	values  []activityJSON
	closed  bool
	started time.Time
	// specUpdates are the metric specs read from MetricSpecChan (KEDA's StreamMetricSpec watcher,
	// scaleHandler.watchMetricSpecUpdates in pkg/scaling/scale_handler.go, reads the same channel).
	specUpdates [][]metricSpecJSON
}

type activityJSON struct {
	Active bool `json:"active"`
	// AtMs is when the value came out of Run's channel, in ms since `run`.
	AtMs float64 `json:"atMs"`
	// UnixMs is the same moment as wall-clock milliseconds (for latency measurements across processes).
	UnixMs float64 `json:"unixMs"`
}

type pushRuns struct {
	mutex sync.Mutex
	runs  map[string]*pushRun
}

func (p *pushRuns) get(handle string) (*pushRun, bool) {
	p.mutex.Lock()
	defer p.mutex.Unlock()
	run, ok := p.runs[handle]
	return run, ok
}

func (p *pushRuns) remove(handle string) (*pushRun, bool) {
	p.mutex.Lock()
	defer p.mutex.Unlock()
	run, ok := p.runs[handle]
	delete(p.runs, handle)
	return run, ok
}

// start runs scaler.Run in its own goroutine, reading the channel as the operator's push-scaler loop does.
func (p *pushRuns) start(handle string, scaler scalers.PushScaler) error {
	p.mutex.Lock()
	defer p.mutex.Unlock()
	if _, exists := p.runs[handle]; exists {
		return fmt.Errorf("keda-oracle: %q is already running", handle)
	}
	ctx, cancel := context.WithCancel(context.Background())
	run := &pushRun{cancel: cancel, changed: make(chan struct{}), started: time.Now()}
	p.runs[handle] = run
	active := make(chan bool)
	if streamer, ok := scaler.(scalers.MetricSpecStreamer); ok {
		go func() {
			for specs := range streamer.MetricSpecChan() {
				run.mutex.Lock()
				run.specUpdates = append(run.specUpdates, metricSpecs(specs))
				run.mutex.Unlock()
			}
		}()
	}
	go scaler.Run(ctx, active)
	go func() {
		for value := range active {
			now := time.Now()
			run.mutex.Lock()
			run.values = append(run.values, activityJSON{Active: value, AtMs: milliseconds(now.Sub(run.started)),
				UnixMs: float64(now.UnixNano()) / 1e6})
			close(run.changed)
			run.changed = make(chan struct{})
			run.mutex.Unlock()
		}
		run.mutex.Lock()
		run.closed = true
		close(run.changed)
		run.changed = make(chan struct{})
		run.mutex.Unlock()
	}()
	return nil
}

// take waits until at least `count` values were collected, Run ended or the timeout passed, then hands over
// the values collected so far (and forgets them).
func (r *pushRun) take(count int, timeout time.Duration) ([]activityJSON, bool) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		r.mutex.Lock()
		if len(r.values) >= count || r.closed {
			values, closed := r.values, r.closed
			r.values = nil
			r.mutex.Unlock()
			return values, closed
		}
		changed := r.changed
		r.mutex.Unlock()
		select {
		case <-changed:
		case <-deadline.C:
			r.mutex.Lock()
			values, closed := r.values, r.closed
			r.values = nil
			r.mutex.Unlock()
			return values, closed
		}
	}
}

// takeSpecUpdates hands over the metric spec updates read so far (and forgets them).
func (r *pushRun) takeSpecUpdates() [][]metricSpecJSON {
	r.mutex.Lock()
	defer r.mutex.Unlock()
	updates := r.specUpdates
	r.specUpdates = nil
	if updates == nil {
		return [][]metricSpecJSON{}
	}
	return updates
}

// handlePush answers the `run`, `activity` and `stop` ops; false when op is not one of them.
func (o *oracle) handlePush(input request, timeout time.Duration, answer map[string]any) bool {
	switch input.Op {
	case "run":
		held, exists := o.take(input.Handle, false)
		if !exists {
			answer["error"] = fmt.Sprintf("keda-oracle: no open scaler %q", input.Handle)
			return true
		}
		push, ok := held.scaler.(scalers.PushScaler)
		if !ok {
			answer["error"] = fmt.Sprintf("keda-oracle: %q is not a push scaler (use triggerType external-push)", input.Handle)
			return true
		}
		if err := o.push.start(input.Handle, push); err != nil {
			answer["error"] = err.Error()
		}
	case "activity":
		run, exists := o.push.get(input.Handle)
		if !exists {
			answer["error"] = fmt.Sprintf("keda-oracle: %q is not running", input.Handle)
			return true
		}
		values, closed := run.take(input.WaitFor, timeout)
		if values == nil {
			values = []activityJSON{}
		}
		answer["activity"] = values
		answer["closed"] = closed
		answer["metricSpecUpdates"] = run.takeSpecUpdates()
	case "stop":
		run, exists := o.push.remove(input.Handle)
		if !exists {
			answer["error"] = fmt.Sprintf("keda-oracle: %q is not running", input.Handle)
			return true
		}
		started := time.Now()
		run.cancel()
		values, closed := run.take(1<<30, timeout)
		if values == nil {
			values = []activityJSON{}
		}
		answer["activity"] = values
		answer["closed"] = closed
		answer["metricSpecUpdates"] = run.takeSpecUpdates()
		answer["stopMs"] = milliseconds(time.Since(started))
	default:
		return false
	}
	return true
}

func (p *pushRuns) stopAll() {
	p.mutex.Lock()
	defer p.mutex.Unlock()
	for handle, run := range p.runs {
		run.cancel()
		delete(p.runs, handle)
	}
}
