package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
)

// FerretDB 1.24 on SQLite applies an update by reading the document, computing the new one and writing
// it back, with nothing in between to stop a concurrent update of the same document: 100 concurrent
// $inc of one field leave it near 10. writeProxy sits in front of FerretDB's listener and lets one
// write command at a time through, so every single-document update is atomic again, for every client
// (several drec processes included). Reads pass through concurrently.
type writeProxy struct {
	upstream string
	mu       sync.Mutex
}

const (
	opMsg          = 2013
	flagMoreToCome = 1 << 1
	maxMessage     = 48 << 20
)

// writeCommands are the commands that modify data or schema.
var writeCommands = map[string]bool{
	"insert": true, "update": true, "delete": true, "findandmodify": true,
	"createindexes": true, "dropindexes": true, "drop": true, "dropdatabase": true,
	"create": true, "renamecollection": true, "collmod": true,
}

// serve accepts client connections until the listener is closed.
func (p *writeProxy) serve(ln net.Listener) {
	for {
		client, err := ln.Accept()
		if err != nil {
			return
		}
		go p.handle(client)
	}
}

func (p *writeProxy) handle(client net.Conn) {
	defer client.Close()
	up, err := net.Dial("tcp", p.upstream)
	if err != nil {
		return
	}
	defer up.Close()
	fromClient, fromUp := bufio.NewReader(client), bufio.NewReader(up)
	for {
		msg, err := readMessage(fromClient)
		if err != nil {
			return
		}
		write := isWrite(msg)
		if write {
			p.mu.Lock()
		}
		err = roundTrip(msg, up, fromUp, client)
		if write {
			p.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// roundTrip forwards one request and relays its replies (several while the server sets moreToCome).
func roundTrip(msg []byte, up net.Conn, fromUp *bufio.Reader, client net.Conn) error {
	if _, err := up.Write(msg); err != nil {
		return err
	}
	if flags(msg)&flagMoreToCome != 0 {
		return nil
	}
	for {
		reply, err := readMessage(fromUp)
		if err != nil {
			return err
		}
		if _, err = client.Write(reply); err != nil {
			return err
		}
		if flags(reply)&flagMoreToCome == 0 {
			return nil
		}
	}
}

// readMessage reads one whole wire-protocol message, header included.
func readMessage(r *bufio.Reader) ([]byte, error) {
	var size [4]byte
	if _, err := io.ReadFull(r, size[:]); err != nil {
		return nil, err
	}
	n := int(binary.LittleEndian.Uint32(size[:]))
	if n < 16 || n > maxMessage {
		return nil, errors.New("invalid message length")
	}
	msg := make([]byte, n)
	copy(msg, size[:])
	_, err := io.ReadFull(r, msg[4:])
	return msg, err
}

func opCode(msg []byte) uint32 { return binary.LittleEndian.Uint32(msg[12:16]) }

func flags(msg []byte) uint32 {
	if opCode(msg) != opMsg || len(msg) < 20 {
		return 0
	}
	return binary.LittleEndian.Uint32(msg[16:20])
}

// isWrite reports whether an OP_MSG's body document names a write command (its first key).
func isWrite(msg []byte) bool {
	if opCode(msg) != opMsg {
		return false
	}
	for pos := 20; pos < len(msg); {
		kind := msg[pos]
		if pos+5 > len(msg) {
			return false
		}
		size := int(binary.LittleEndian.Uint32(msg[pos+1 : pos+5]))
		if kind == 0 {
			// body: int32 length, then the first element: type byte and a NUL-terminated name
			start := pos + 1 + 4 + 1
			end := start
			for end < len(msg) && msg[end] != 0 {
				end++
			}
			return end < len(msg) && writeCommands[strings.ToLower(string(msg[start:end]))]
		}
		pos += 1 + size
	}
	return false
}
