// Prints what Go's url.ParseRequestURI and KEDA v2.21.0's parseAwsSqsQueueMetadata make of each input
// (path, queue name, "cannot get queueName from queueURL"). Regenerate expected.json with:
//   go build -o /tmp/gourl . && /tmp/gourl < inputs.json > expected.json
// Generated with go1.26.8 (KEDA v2.21.0's go.mod asks for go 1.26.0).
package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"
)

func main() {
	var inputs []string
	json.NewDecoder(os.Stdin).Decode(&inputs)
	type row struct {
		Input string  `json:"input"`
		Path  *string `json:"path"`
		Name  string  `json:"queueName"`
		Err   bool    `json:"urlError"`
	}
	out := []row{}
	for _, in := range inputs {
		r := row{Input: in}
		u, err := url.ParseRequestURI(in)
		if err != nil {
			r.Name = in
		} else {
			p := u.Path
			r.Path = &p
			parts := strings.Split(u.Path, "/")
			if len(parts) != 3 || len(parts[2]) == 0 {
				r.Err = true
			} else {
				r.Name = parts[2]
			}
		}
		out = append(out, r)
	}
	b, _ := json.MarshalIndent(out, "", "  ")
	fmt.Println(string(b))
}
