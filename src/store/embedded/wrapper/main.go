// Command drec-ferretdb runs FerretDB 1.24 on its SQLite backend as drec's
// embedded default database. drec builds it with `go build` (FerretDB's own
// cmd/ferretdb panics without its generated version file) and runs it as a
// child process. The build patches FerretDB's SQLite backend so that filters on
// _id use the _id index (src/db/embedded/ferretdb-patches.ts).
//
// It binds loopback only, serializes write commands (see writeproxy.go), holds an exclusive lock on the data directory so a
// second instance fails fast instead of corrupting SQLite files, prints one
// JSON line {"uri": ...} on stdout once it accepts connections, and exits
// when its stdin closes, so it never outlives the drec that started it.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	dir := flag.String("dir", "data", "directory for the SQLite files")
	port := flag.Int("port", 0, "loopback TCP port; 0 picks a free one")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()

	if err := run(*dir, *port, *logLevel); err != nil {
		fmt.Fprintf(os.Stderr, "drec-ferretdb: %s\n", err)
		os.Exit(1)
	}
}

func run(dir string, port int, logLevel string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err = os.MkdirAll(abs, 0o700); err != nil {
		return fmt.Errorf("cannot create data directory %s: %w", abs, err)
	}
	unlock, err := lockDir(abs)
	if err != nil {
		return err
	}
	defer unlock()

	var level slog.Level
	if err = level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("bad -log-level: %w", err)
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	// FerretDB listens on a private loopback port; clients reach it through the write proxy.
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
		Logger:    logger,
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		// The parent holds our stdin open; EOF means it is gone.
		_, _ = io.Copy(io.Discard, os.Stdin)
		cancel()
	}()

	done := make(chan struct{})
	go func() {
		_ = f.Run(ctx)
		close(done)
	}()

	internal, err := waitForListener(ctx, f)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return fmt.Errorf("cannot listen on 127.0.0.1:%d: %w", port, err)
	}
	defer ln.Close()
	go (&writeProxy{upstream: internal}).serve(ln)
	uri := "mongodb://" + ln.Addr().String() + "/"
	line, _ := json.Marshal(map[string]string{"uri": uri, "dir": abs})
	fmt.Println(string(line))

	<-done
	return nil
}

// waitForListener returns FerretDB's host:port once its TCP listener accepts connections.
func waitForListener(ctx context.Context, f *ferretdb.FerretDB) (string, error) {
	uri := make(chan string, 1)
	go func() { // MongoDBURI blocks until Run has bound the socket
		u, _ := url.Parse(f.MongoDBURI())
		uri <- u.Host
	}()
	select {
	case u := <-uri:
		return u, nil
	case <-time.After(30 * time.Second):
		return "", fmt.Errorf("FerretDB did not start listening within 30s")
	case <-ctx.Done():
		return "", fmt.Errorf("stopped before FerretDB started listening")
	}
}

// lockDir takes an exclusive, non-blocking flock on dir/.drec-ferretdb.lock.
// The kernel drops it when the process dies, so a crash never leaves it stale.
func lockDir(dir string) (func(), error) {
	path := filepath.Join(dir, ".drec-ferretdb.lock")
	fh, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot open lock file %s: %w", path, err)
	}
	if err = syscall.Flock(int(fh.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		owner, _ := io.ReadAll(fh)
		fh.Close()
		return nil, fmt.Errorf("data directory %s is in use by another process (pid %s); "+
			"stop it or point mongodb.embedded.dir elsewhere", dir, string(owner))
	}
	_ = fh.Truncate(0)
	_, _ = fh.WriteAt([]byte(strconv.Itoa(os.Getpid())), 0)
	return func() { fh.Close() }, nil
}
