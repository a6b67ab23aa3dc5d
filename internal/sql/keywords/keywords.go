package keywords

import (
	"strings"
	"sync"
)

//go:generate go run ./gen

// Keyword is one SQL keyword as pg_get_keywords() describes it.
type Keyword struct {
	Word string
	// Category is U (unreserved), C (unreserved, cannot be a function or
	// type name), T (reserved, can be a function or type name) or R
	// (reserved).
	Category  byte
	BareLabel bool
	CatDesc   string
	BareDesc  string
}

var (
	kwOnce sync.Once
	kwMap  map[string]*Keyword
)

// Keywords returns every keyword, sorted.
func Keywords() []Keyword { return keywords }

// LookupKeyword returns the keyword word (lower case), or nil.
func Lookup(word string) *Keyword {
	kwOnce.Do(func() {
		kwMap = make(map[string]*Keyword, len(keywords))
		for i := range keywords {
			kwMap[keywords[i].Word] = &keywords[i]
		}
	})
	return kwMap[word]
}

// QuoteIdentifier quotes an identifier when PostgreSQL's quote_identifier
// would: unless it is a lower-case name of letters, digits and underscores
// that is not a reserved keyword.
func Quote(s string) string {
	safe := s != "" && (s[0] >= 'a' && s[0] <= 'z' || s[0] == '_')
	for i := 0; safe && i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			safe = false
		}
	}
	if safe {
		if kw := Lookup(s); kw != nil && kw.Category != 'U' {
			safe = false
		}
	}
	if safe {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
