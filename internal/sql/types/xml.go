package types

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// The xml type (utils/adt/xml.c), kept as its text. Input checks that the
// text is well-formed XML content (xmloption's default, CONTENT: any
// sequence of elements, text, comments and processing instructions,
// optionally after an XML declaration), as xml_in does with libxml; the
// error's detail is ours, not libxml's.

// CheckXMLContent reports whether s is well-formed XML content, with
// PostgreSQL's error for text that is not (invalid XML content, 2200N).
func CheckXMLContent(s string) error {
	body := s
	if strings.HasPrefix(body, "<?xml") && len(body) > 5 && strings.IndexByte(" \t\r\n", body[5]) >= 0 {
		end := strings.Index(body, "?>")
		if end < 0 {
			return xmlContentError("XML declaration is not closed")
		}
		body = body[end+2:]
	}
	// Wrap the content in an element so that several top-level nodes
	// and bare text parse as one document.
	dec := xml.NewDecoder(strings.NewReader("<x>" + body + "</x>"))
	dec.Strict = true
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return xmlContentError(se.Msg)
			}
			return xmlContentError(err.Error())
		}
		switch tok := tok.(type) {
		case xml.ProcInst:
			if strings.EqualFold(tok.Target, "xml") {
				return xmlContentError("XML declaration allowed only at the start of the document")
			}
		}
	}
	return nil
}

func xmlContentError(detail string) error {
	return pgerror.New(pgerror.InvalidXMLContent, "invalid XML content").WithDetail(detail)
}

// XMLOutput is the text xml_out prints for a value: an XML declaration
// that says nothing beyond the defaults (version 1.0, UTF-8, no
// standalone) is left out. tusk applies it on input and keeps the result.
func XMLOutput(s string) string {
	if !strings.HasPrefix(s, "<?xml") || len(s) <= 5 || strings.IndexByte(" \t\r\n", s[5]) < 0 {
		return s
	}
	end := strings.Index(s, "?>")
	if end < 0 {
		return s
	}
	decl := s[5:end]
	if strings.Contains(decl, "standalone") {
		return s
	}
	if v, ok := xmlDeclAttr(decl, "version"); ok && v != "1.0" {
		return s
	}
	if e, ok := xmlDeclAttr(decl, "encoding"); ok && !strings.EqualFold(e, "utf-8") && !strings.EqualFold(e, "utf8") {
		return s
	}
	return s[end+2:]
}

func xmlDeclAttr(decl, name string) (string, bool) {
	i := strings.Index(decl, name)
	if i < 0 {
		return "", false
	}
	rest := strings.TrimLeft(decl[i+len(name):], " \t\r\n")
	if !strings.HasPrefix(rest, "=") {
		return "", false
	}
	rest = strings.TrimLeft(rest[1:], " \t\r\n")
	if rest == "" || rest[0] != '"' && rest[0] != '\'' {
		return "", false
	}
	q := rest[0]
	end := strings.IndexByte(rest[1:], q)
	if end < 0 {
		return "", false
	}
	return rest[1 : 1+end], true
}

// CheckXMLDocument reports whether s is a well-formed XML document: one
// root element, with only comments, processing instructions, a DOCTYPE
// and blanks around it (invalid XML document, 2200M, when not).
func CheckXMLDocument(s string) error {
	bad := func(detail string) error {
		return pgerror.New(pgerror.InvalidXMLDocument, "invalid XML document").WithDetail(detail)
	}
	dec := xml.NewDecoder(strings.NewReader(s))
	dec.Strict = true
	depth, roots := 0, 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return bad(se.Msg)
			}
			return bad(err.Error())
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if roots > 1 {
					return bad("Extra content at the end of the document")
				}
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && strings.Trim(string(tok), " \t\r\n") != "" {
				return bad("Start tag expected, '<' not found")
			}
		}
	}
	if roots == 0 {
		return bad("Start tag expected, '<' not found")
	}
	return nil
}
