package protoscript

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Script is a parsed protocol script. It is immutable and may be executed
// any number of times, also concurrently.
type Script struct {
	Name  string
	steps []*step
}

type op int

const (
	opSend        op = iota // F ...
	opExpect                // B ..., B? ..., B* ...
	opUnordered             // unordered ... end
	opConn                  // conn NAME [tcp|unix]
	opClose                 // close
	opExpectClose           // expect-close
	opTimeout               // timeout DURATION
	opSleep                 // sleep DURATION
	opNetwork               // network tcp|unix
)

type step struct {
	file string
	line int
	text string
	op   op

	quant byte   // opExpect: 0, '?' or '*'
	typ   string // message type; "byte" and "raw" for raw reads and writes
	args  []arg
	pat   map[string]value // opExpect: field patterns by name
	raw   []byte           // opExpect of byte/raw: the bytes expected

	name    string        // opConn
	network string        // opConn, opNetwork: "", "tcp" or "unix"
	dur     time.Duration // opTimeout, opSleep
	block   []*step       // opUnordered
}

func (s *step) where() string { return fmt.Sprintf("%s:%d", s.file, s.line) }

// ParseFile reads and parses a script. `include FILE` lines are resolved
// relative to the including file's directory.
func ParseFile(path string) (*Script, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(path)
	return Parse(path, src, func(name string) (string, []byte, error) {
		p := filepath.Join(dir, name)
		b, err := os.ReadFile(p)
		return p, b, err
	})
}

// Parse parses a script. include, which may be nil, resolves `include`
// lines to a file name and its contents.
func Parse(name string, src []byte, include func(name string) (string, []byte, error)) (*Script, error) {
	p := &parser{include: include}
	steps, err := p.parse(name, src, 0)
	if err != nil {
		return nil, err
	}
	if err := validate(steps); err != nil {
		return nil, err
	}
	return &Script{Name: name, steps: steps}, nil
}

type parser struct {
	include func(name string) (string, []byte, error)
}

func (p *parser) parse(file string, src []byte, depth int) ([]*step, error) {
	if depth > 10 {
		return nil, fmt.Errorf("%s: includes nested too deeply", file)
	}
	var steps []*step
	var block *step // open unordered block
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(nil, 1<<24)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		errf := func(format string, a ...any) error {
			return fmt.Errorf("%s:%d: %s", file, n, fmt.Sprintf(format, a...))
		}
		word, rest, _ := strings.Cut(line, " ")
		rest = strings.TrimSpace(rest)
		st := &step{file: file, line: n, text: line}
		switch word {
		case "F", "B", "B?", "B*":
			typ, argText, _ := strings.Cut(rest, " ")
			if typ == "" {
				return nil, errf("%s without a message type", word)
			}
			toks, err := lex(argText)
			if err != nil {
				return nil, errf("%v", err)
			}
			args, err := parseArgs(toks)
			if err != nil {
				return nil, errf("%v", err)
			}
			st.typ, st.args = typ, args
			if word == "F" {
				st.op = opSend
				if err := checkFrontend(typ, args); err != nil {
					return nil, errf("%v", err)
				}
			} else {
				st.op = opExpect
				if len(word) == 2 {
					st.quant = word[1]
				}
				if err := compileExpect(st); err != nil {
					return nil, errf("%v", err)
				}
			}
		case "unordered":
			if block != nil {
				return nil, errf("unordered blocks do not nest")
			}
			st.op = opUnordered
			block = st
			continue
		case "end":
			if block == nil {
				return nil, errf("end without unordered")
			}
			if len(block.block) == 0 {
				return nil, errf("empty unordered block")
			}
			steps = append(steps, block)
			block = nil
			continue
		case "conn":
			fs := strings.Fields(rest)
			if len(fs) < 1 || len(fs) > 2 {
				return nil, errf("want conn NAME [tcp|unix]")
			}
			st.op, st.name = opConn, fs[0]
			if len(fs) == 2 {
				if fs[1] != "tcp" && fs[1] != "unix" {
					return nil, errf("want conn NAME [tcp|unix]")
				}
				st.network = fs[1]
			}
		case "network":
			if rest != "tcp" && rest != "unix" {
				return nil, errf("want network tcp or network unix")
			}
			st.op, st.network = opNetwork, rest
		case "close":
			st.op = opClose
		case "expect-close":
			st.op = opExpectClose
		case "timeout":
			d, err := time.ParseDuration(rest)
			if err != nil || d <= 0 {
				return nil, errf("bad timeout %q", rest)
			}
			st.op, st.dur = opTimeout, d
		case "sleep":
			d, err := time.ParseDuration(rest)
			if err != nil || d <= 0 {
				return nil, errf("bad sleep %q", rest)
			}
			st.op, st.dur = opSleep, d
		case "include":
			if block != nil {
				return nil, errf("include inside an unordered block")
			}
			if p.include == nil {
				return nil, errf("include is not available here")
			}
			name, src, err := p.include(rest)
			if err != nil {
				return nil, errf("include: %v", err)
			}
			inc, err := p.parse(name, src, depth+1)
			if err != nil {
				return nil, err
			}
			steps = append(steps, inc...)
			continue
		default:
			return nil, errf("unknown line %q", word)
		}
		if block != nil {
			if st.op != opExpect || st.quant != 0 || st.typ == "byte" || st.typ == "raw" {
				return nil, errf("an unordered block holds only plain B message lines")
			}
			block.block = append(block.block, st)
			continue
		}
		steps = append(steps, st)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if block != nil {
		return nil, fmt.Errorf("%s:%d: unordered block without end", file, block.line)
	}
	return steps, nil
}

// checkFrontend checks a frontend line's type and field names; values are
// checked when they are sent, after variables are substituted.
func checkFrontend(typ string, args []arg) error {
	fields, ok := frontendFields[typ]
	if !ok {
		return fmt.Errorf("unknown frontend message %q", typ)
	}
	switch typ {
	case "Startup":
		for _, a := range args {
			if a.key == "" {
				return fmt.Errorf("Startup takes name=value parameters")
			}
		}
		return nil
	case "raw":
		_, err := rawBytes(args)
		return err
	}
	_, err := named(typ, fields, args)
	return err
}

// compileExpect checks a B line and maps its arguments to fields.
func compileExpect(st *step) error {
	switch st.typ {
	case "byte":
		if len(st.args) != 1 || st.args[0].key != "" || st.args[0].val.kind != vString || len(st.args[0].val.s) != 1 {
			return fmt.Errorf("want B byte <one character>")
		}
		st.raw = []byte(st.args[0].val.s)
		return nil
	case "raw":
		b, err := rawBytes(st.args)
		if err != nil {
			return err
		}
		if len(b) == 0 {
			return fmt.Errorf("B raw without bytes")
		}
		st.raw = b
		return nil
	}
	fields, ok := backendFields[st.typ]
	if !ok {
		return fmt.Errorf("unknown backend message %q", st.typ)
	}
	m, err := named(st.typ, fields, st.args)
	if err != nil {
		return err
	}
	st.pat = m
	return nil
}

// validate checks rules that span lines: B? and B* look at the next
// message without knowing whether one will come, so a line that reads
// must follow them on the same connection.
func validate(steps []*step) error {
	for i, st := range steps {
		if st.op == opExpect && st.quant != 0 {
			if st.typ == "byte" || st.typ == "raw" {
				return fmt.Errorf("%s: B%c cannot read raw bytes", st.where(), st.quant)
			}
			if i+1 >= len(steps) {
				return fmt.Errorf("%s: B%c must be followed by a B line or expect-close", st.where(), st.quant)
			}
			switch next := steps[i+1]; next.op {
			case opExpect, opUnordered, opExpectClose:
				if next.op == opExpect && (next.typ == "byte" || next.typ == "raw") {
					return fmt.Errorf("%s: B%c cannot be followed by a raw read", st.where(), st.quant)
				}
			default:
				return fmt.Errorf("%s: B%c must be followed by a B line or expect-close", st.where(), st.quant)
			}
		}
	}
	return nil
}
