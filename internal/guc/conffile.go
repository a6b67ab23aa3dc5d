package guc

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// ConfItem is one setting read from a configuration file.
type ConfItem struct {
	Name, Value string
	File        string
	Line        int
}

// ParseConfFile reads a postgresql.conf-style file: "name = value" or
// "name value" per line, '#' comments, single-quoted values with ”
// escapes, and the include, include_if_exists and include_dir directives
// (PostgreSQL's guc-file.l). Relative includes resolve against the
// including file's directory.
func ParseConfFile(path string) ([]ConfItem, error) {
	return parseConfFile(path, 0)
}

func parseConfFile(path string, depth int) ([]ConfItem, error) {
	if depth > 10 {
		return nil, fmt.Errorf(`could not open configuration file "%s": maximum nesting depth exceeded`, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []ConfItem
	for n, raw := range strings.Split(string(data), "\n") {
		line := n + 1
		name, value, ok, err := parseConfLine(raw)
		if err != nil {
			return nil, fmt.Errorf(`syntax error in file "%s" line %d, near %s`, path, line, err.Error())
		}
		if !ok {
			continue
		}
		switch strings.ToLower(name) {
		case "include", "include_if_exists":
			p := value
			if !filepath.IsAbs(p) {
				p = filepath.Join(filepath.Dir(path), p)
			}
			items, err := parseConfFile(p, depth+1)
			if err != nil {
				if os.IsNotExist(err) && strings.ToLower(name) == "include_if_exists" {
					continue
				}
				return nil, err
			}
			out = append(out, items...)
		case "include_dir":
			dir := value
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(filepath.Dir(path), dir)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				return nil, err
			}
			var names []string
			for _, e := range entries {
				if !e.IsDir() && strings.HasSuffix(e.Name(), ".conf") && !strings.HasPrefix(e.Name(), ".") {
					names = append(names, e.Name())
				}
			}
			sort.Strings(names)
			for _, nm := range names {
				items, err := parseConfFile(filepath.Join(dir, nm), depth+1)
				if err != nil {
					return nil, err
				}
				out = append(out, items...)
			}
		default:
			out = append(out, ConfItem{Name: name, Value: value, File: path, Line: line})
		}
	}
	return out, nil
}

// parseConfLine parses one line; ok is false for blank and comment lines.
// On a syntax error the error's text is the offending token.
func parseConfLine(s string) (name, value string, ok bool, err error) {
	i := 0
	skip := func() {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
			i++
		}
	}
	skip()
	if i >= len(s) || s[i] == '#' {
		return "", "", false, nil
	}
	start := i
	for i < len(s) && (isIdentChar(s[i]) || s[i] == '.') {
		i++
	}
	if start == i {
		return "", "", false, fmt.Errorf("token \"%s\"", strings.TrimSpace(s[start:]))
	}
	name = s[start:i]
	skip()
	if i < len(s) && s[i] == '=' {
		i++
		skip()
	}
	if i >= len(s) || s[i] == '#' {
		return "", "", false, fmt.Errorf("end of line")
	}
	if s[i] == '\'' {
		i++
		var b strings.Builder
		for {
			if i >= len(s) {
				return "", "", false, fmt.Errorf("end of line")
			}
			c := s[i]
			if c == '\'' {
				if i+1 < len(s) && s[i+1] == '\'' {
					b.WriteByte('\'')
					i += 2
					continue
				}
				i++
				break
			}
			if c == '\\' && i+1 < len(s) {
				i++
				switch s[i] {
				case 'n':
					b.WriteByte('\n')
				case 't':
					b.WriteByte('\t')
				default:
					b.WriteByte(s[i])
				}
				i++
				continue
			}
			b.WriteByte(c)
			i++
		}
		value = b.String()
	} else {
		vs := i
		for i < len(s) && s[i] != ' ' && s[i] != '\t' && s[i] != '#' && s[i] != '\r' {
			i++
		}
		value = s[vs:i]
	}
	skip()
	if i < len(s) && s[i] != '#' {
		return "", "", false, fmt.Errorf("token \"%s\"", strings.TrimSpace(s[i:]))
	}
	return name, value, true, nil
}

func isIdentChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// ApplyConf applies configuration file items to c. Errors in individual
// settings are collected and returned together; valid settings are still
// applied (as PostgreSQL does on reload). With reload set, settings that
// need a restart keep their current values and are reported.
func (c *Config) ApplyConf(items []ConfItem, reload bool) []error {
	var errs []error
	for _, it := range items {
		d, known := Lookup(it.Name)
		if reload && known && d.Context == Postmaster {
			cur := c.Get(d.Name)
			v, err := Canonical(d, it.Value, cur)
			if err == nil && v != cur {
				errs = append(errs, fmt.Errorf(`parameter "%s" cannot be changed without restarting the server`, d.Name))
			}
			continue
		}
		if known && d.Context == Internal {
			errs = append(errs, fmt.Errorf(`parameter "%s" cannot be changed`, d.Name))
			continue
		}
		if err := c.Set(it.Name, it.Value, "configuration file"); err != nil {
			errs = append(errs, fmt.Errorf("%s (%s:%d)", pgerror.Flatten(err).Message, it.File, it.Line))
		}
	}
	return errs
}
