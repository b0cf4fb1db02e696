// Command quickstart walks one short, realistic scenario with each of the
// four switchboard packages, end to end, offline:
//
//	go run ./examples/quickstart
//	go run ./examples/quickstart -vendor brightpattern
//
// Each scenario starts that vendor's in-process fake server (package
// <vendor>test) and talks to it only through the public vendor package,
// exactly as your code would talk to a real tenant: NewClient with your
// credentials, plus WithBaseURL pointing at the fake. To run a scenario
// against a real tenant, drop the fake and WithBaseURL and pass your own
// credentials; the comments in each scenario file say what changes. The
// four scenario files open alike on purpose (start the fake, build the
// client, make the first call): each shows its package's setup in full, so
// that it reads on its own.
//
// It prints a short transcript per vendor and exits 0 when every scenario
// passed, 1 on the first failure (the error goes to stderr) and 2 on a
// usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"
)

// runTimeout bounds the whole run, so that it can never hang; it normally
// finishes in a few seconds.
const runTimeout = 60 * time.Second

// scenario is one vendor's walk-through.
type scenario struct {
	vendor string // the -vendor flag's value
	title  string // the transcript heading
	run    func(ctx context.Context, out io.Writer) error
}

// scenarios are run in this order.
var scenarios = []scenario{
	{"brightpattern", "Bright Pattern: a customer chats with an agent", runBrightPattern},
	{"anycom", "AnyCom: the WhatsApp queue and an invite", runAnyCom},
	{"ccaip", "CCAI Platform: a virtual-agent chat escalated to a person", runCCAIP},
	{"workspacechat", "Workspace chat: every chat of the workspace, page by page", runWorkspaceChat},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run parses args, runs the selected scenarios and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	vendor := fs.String("vendor", "all", "run one vendor only: "+strings.Join(vendorNames(), ", "))
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: quickstart [-vendor name]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "quickstart: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	selected, err := selectScenarios(*vendor)
	if err != nil {
		fmt.Fprintln(stderr, "quickstart:", err)
		fs.Usage()
		return 2
	}

	ctx, cancel := context.WithTimeout(ctx, runTimeout)
	defer cancel()
	for i, s := range selected {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprintf(stdout, "== %s ==\n", s.title)
		if err := s.run(ctx, stdout); err != nil {
			fmt.Fprintf(stderr, "quickstart: %s: %v\n", s.vendor, err)
			return 1
		}
	}
	fmt.Fprintln(stdout)
	if len(selected) == len(scenarios) {
		fmt.Fprintln(stdout, "quickstart: all four scenarios passed")
	} else {
		fmt.Fprintf(stdout, "quickstart: the %s scenario passed\n", selected[0].vendor)
	}
	return 0
}

// selectScenarios returns every scenario for "all", or the one for vendor.
func selectScenarios(vendor string) ([]scenario, error) {
	if vendor == "all" {
		return scenarios, nil
	}
	for _, s := range scenarios {
		if s.vendor == vendor {
			return []scenario{s}, nil
		}
	}
	return nil, fmt.Errorf("unknown vendor %q (want %s or all)", vendor, strings.Join(vendorNames(), ", "))
}

func vendorNames() []string {
	names := make([]string, len(scenarios))
	for i, s := range scenarios {
		names[i] = s.vendor
	}
	return names
}
