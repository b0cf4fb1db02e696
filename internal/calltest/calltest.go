// Package calltest checks, for the vendor packages' tests, that every
// client method takes the per-call options of package call and honours
// them: a header reaches the server, a timeout bounds the attempt, and
// call.ResponseInto reports the answer. It finds the methods by
// reflection, so a method added without the options fails the check.
package calltest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// Header is the header the check sends with every call; Stall is the one
// that makes the server hold the request until the client gives up.
const (
	Header = "X-Switchboard-Test"
	Stall  = "X-Switchboard-Stall"
)

// Server answers every request 404 with a fresh X-Request-Id, and records
// the value of [Header] of each request. A request carrying [Stall] is held
// until its client goes away, and not recorded.
type Server struct {
	*httptest.Server
	mu    sync.Mutex
	seen  []string // Header of each request, in order
	count atomic.Int64
}

// NewServer starts a [Server], closed when t ends.
func NewServer(t testing.TB) *Server {
	s := &Server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if r.Header.Get(Stall) != "" {
			// Not recorded: a stalled request the client gave up on may
			// arrive after the next check has begun.
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		s.mu.Lock()
		s.seen = append(s.seen, r.Header.Get(Header))
		s.mu.Unlock()
		w.Header().Set("X-Request-Id", "rid-"+strconv.FormatInt(s.count.Add(1), 10))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"message":"no such thing"}`))
	}))
	t.Cleanup(func() {
		s.CloseClientConnections()
		s.Close()
	})
	return s
}

// Seen returns the [Header] value of every request so far, and forgets them.
func (s *Server) Seen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.seen
	s.seen = nil
	return out
}

var (
	ctxType    = reflect.TypeFor[context.Context]()
	optsType   = reflect.TypeFor[[]call.Option]()
	errorType  = reflect.TypeFor[error]()
	readerType = reflect.TypeFor[io.Reader]()
)

// Method is one client method found by [Methods], called with options.
type Method struct {
	Name string
	Call func(ctx context.Context, opts ...call.Option) error
}

// Watcher is the [Method] name of a watcher, which takes its call options
// through the package's WatchCall: watch must pass opts so, and the call's
// error is the first item's.
func Watcher[T any](name string, watch func(ctx context.Context, opts ...call.Option) iter.Seq2[T, error]) Method {
	return Method{Name: name, Call: func(ctx context.Context, opts ...call.Option) error {
		for _, err := range watch(ctx, opts...) {
			return err
		}
		return nil
	}}
}

// Methods returns every exported method of each receiver (a pointer)
// whose first parameter is a context. Those whose last parameter is not
// ...call.Option are returned in missing. The arguments between are
// args[name] when given (see valueOf), otherwise a plain value of each type: "42" for a
// string, 42 for a number, a pointer to a zero struct, a small reader.
func Methods(args map[string][]any, receivers ...any) (methods []Method, missing []string) {
	for _, recv := range receivers {
		m, miss := methodsOf(recv, args)
		methods, missing = append(methods, m...), append(missing, miss...)
	}
	return methods, missing
}

// methodsOf is [Methods] of one receiver.
func methodsOf(recv any, args map[string][]any) (methods []Method, missing []string) {
	v := reflect.ValueOf(recv)
	prefix := v.Type().Elem().Name() + "."
	for i := range v.NumMethod() {
		m, mt := v.Method(i), v.Type().Method(i)
		ft := m.Type()
		if ft.NumIn() == 0 || ft.In(0) != ctxType {
			continue
		}
		name := prefix + mt.Name
		if !ft.IsVariadic() || ft.In(ft.NumIn()-1) != optsType {
			missing = append(missing, name)
			continue
		}
		given := args[name]
		methods = append(methods, Method{Name: name, Call: func(ctx context.Context, opts ...call.Option) error {
			in := []reflect.Value{reflect.ValueOf(ctx)}
			for j := 1; j < ft.NumIn()-1; j++ {
				if j-1 < len(given) {
					in = append(in, valueOf(given[j-1], ft.In(j)))
				} else {
					in = append(in, plain(ft.In(j)))
				}
			}
			for _, o := range opts {
				in = append(in, reflect.ValueOf(&o).Elem())
			}
			return outcome(m.Call(in))
		}})
	}
	return methods, missing
}

// valueOf converts a given argument to the parameter's type. A func() any
// gives a fresh value for each call (a reader, which a call consumes).
func valueOf(a any, t reflect.Type) reflect.Value {
	if f, ok := a.(func() any); ok {
		a = f()
	}
	if a == nil {
		return reflect.Zero(t)
	}
	return reflect.ValueOf(a).Convert(t)
}

// plain returns an ordinary value of type t.
func plain(t reflect.Type) reflect.Value {
	switch {
	case t == readerType:
		return reflect.ValueOf(strings.NewReader("content"))
	case t.Kind() == reflect.String:
		return reflect.ValueOf("42").Convert(t)
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Float64:
		return reflect.ValueOf(42).Convert(t)
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		return reflect.New(t.Elem())
	}
	return reflect.Zero(t)
}

// outcome is the error of a method's results: its last result, or, for a
// method returning an iterator, the first error the iterator yields.
func outcome(out []reflect.Value) error {
	last := out[len(out)-1]
	if last.Type() == errorType {
		err, _ := last.Interface().(error)
		return err
	}
	if last.Kind() != reflect.Func || last.Type().NumIn() != 1 {
		return fmt.Errorf("unexpected results %v", last.Type())
	}
	var err error
	yt := last.Type().In(0)
	yield := reflect.MakeFunc(yt, func(args []reflect.Value) []reflect.Value {
		if e, ok := args[len(args)-1].Interface().(error); ok && e != nil {
			err = e
		}
		return []reflect.Value{reflect.ValueOf(false)}
	})
	last.Call([]reflect.Value{yield})
	return err
}

// Check calls every method twice against srv: once with [Header] and
// call.ResponseInto, which must report the 404 answer, its request id and
// one attempt; once with a 50 ms call.Timeout against a stalled answer,
// which must end in an error matching httpcore.ErrTimeout well before the
// server would answer.
func Check(t *testing.T, srv *Server, methods []Method) {
	t.Helper()
	for _, m := range methods {
		t.Run(m.Name, func(t *testing.T) {
			srv.Seen()
			var resp call.Response
			err := m.Call(context.Background(), call.Header(Header, m.Name), call.ResponseInto(&resp), call.MaxRetries(0))
			seen := srv.Seen()
			if len(seen) == 0 {
				t.Fatalf("sent no request (err %v)", err)
			}
			for _, h := range seen {
				if h != m.Name {
					t.Errorf("request header %s = %q, want %q", Header, h, m.Name)
				}
			}
			if err == nil {
				t.Errorf("a 404 answer gave no error")
			}
			if resp.StatusCode != http.StatusNotFound || !strings.HasPrefix(resp.RequestID, "rid-") || resp.Attempts != 1 ||
				resp.Header.Get("X-Request-Id") != resp.RequestID {
				t.Errorf("ResponseInto = %+v, want a 404 with its request id after 1 attempt (err %v)", resp, err)
			}
			start := time.Now()
			err = m.Call(context.Background(), call.Header(Stall, "1"), call.Timeout(50*time.Millisecond), call.MaxRetries(0))
			if !errors.Is(err, httpcore.ErrTimeout) {
				t.Errorf("with a stalled server and call.Timeout: err = %v, want one matching ErrTimeout", err)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("call.Timeout(50ms) returned after %v", d)
			}
		})
	}
}

// Every checks with [Check] every method of receivers that [Methods]
// finds, with args, and watchers: the methods without ...call.Option must
// be exactly the watchers, which take the options their own way (see
// [Watcher]).
func Every(t *testing.T, srv *Server, args map[string][]any, receivers []any, watchers ...Method) {
	t.Helper()
	methods, missing := Methods(args, receivers...)
	if !sameNames(missing, watchers) {
		t.Fatalf("methods without ...call.Option: %v; want only the watchers given (%d)", missing, len(watchers))
	}
	Check(t, srv, append(methods, watchers...))
}

// sameNames reports whether names are those of methods, in any order.
func sameNames(names []string, methods []Method) bool {
	if len(names) != len(methods) {
		return false
	}
	seen := map[string]int{}
	for _, n := range names {
		seen[n]++
	}
	for _, m := range methods {
		seen[m.Name]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}
