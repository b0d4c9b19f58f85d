// Command keda-oracle is test equipment for scalerkit: it builds KEDA v2.21.0's own scalers the
// way KEDA's operator does and answers, as JSON, what KEDA would report for a trigger: its parse
// error, its metric specs, its metric values and activity, with timings. It is not part of the
// product. See README.md.
//
//	keda-oracle            one JSON request on stdin, one JSON answer on stdout
//	keda-oracle --stream   JSON lines in, JSON lines out; scalers stay open across lines
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync"

	"github.com/go-logr/logr"
	"github.com/go-logr/logr/funcr"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
)

func main() {
	stream := len(os.Args) > 1 && os.Args[1] == "--stream"
	if len(os.Args) > 1 && !stream {
		fmt.Fprintln(os.Stderr, "usage: keda-oracle [--stream]   (request JSON on stdin; see README.md)")
		os.Exit(2)
	}
	setUpLogging()
	oracle := newOracle()
	defer oracle.closeAll(context.Background())
	output := bufio.NewWriter(os.Stdout)
	encoder := json.NewEncoder(output)
	encoder.SetEscapeHTML(false)
	if !stream {
		data, err := io.ReadAll(os.Stdin)
		answer := map[string]any{}
		if err == nil {
			answer = oracle.handleLine(data)
		} else {
			answer["error"] = err.Error()
		}
		_ = encoder.Encode(answer)
		_ = output.Flush()
		return
	}
	// Each line is handled in its own goroutine, so slow calls (a constructor waiting on an unreachable
	// broker) do not hold up others; answers carry the request's id and may come out of order. A client
	// that waits for each answer before sending the next line sees them in order.
	var writing sync.Mutex
	var handling sync.WaitGroup
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for scanner.Scan() {
		line := append([]byte(nil), scanner.Bytes()...)
		if len(line) == 0 {
			continue
		}
		handling.Add(1)
		go func() {
			defer handling.Done()
			answer := oracle.handleLine(line)
			writing.Lock()
			defer writing.Unlock()
			_ = encoder.Encode(answer)
			_ = output.Flush()
		}()
	}
	handling.Wait()
}

// setUpLogging sends KEDA's logr output to stderr when KEDA_ORACLE_LOG=1, and discards it
// otherwise (stdout carries only answers).
func setUpLogging() {
	if os.Getenv("KEDA_ORACLE_LOG") == "1" {
		logf.SetLogger(funcr.New(func(prefix, args string) { fmt.Fprintln(os.Stderr, prefix, args) }, funcr.Options{Verbosity: 10}))
		return
	}
	logf.SetLogger(logr.Discard())
}

func kedaVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, module := range info.Deps {
		if module.Path == "github.com/kedacore/keda/v2" {
			return module.Version
		}
	}
	return ""
}
