package builtins

import (
	"strings"

	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// The xml functions that need no XML library beyond well-formedness
// (utils/adt/xml.c): xml_is_well_formed and its content and document
// variants, and xmlcomment.

func init() {
	wellFormed := func(document bool) Impl {
		return func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
			if document {
				return types.NewBool(types.CheckXMLDocument(a[0].Str()) == nil), nil
			}
			return types.NewBool(types.CheckXMLContent(a[0].Str()) == nil), nil
		}
	}
	// xml_is_well_formed follows xmloption, whose default is CONTENT.
	register("xml_is_well_formed", wellFormed(false))
	register("xml_is_well_formed_content", wellFormed(false))
	register("xml_is_well_formed_document", wellFormed(true))
	register("xmlcomment", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s := a[0].Str()
		if strings.Contains(s, "--") || strings.HasSuffix(s, "-") {
			return types.Null, pgerror.New(pgerror.InvalidXMLComment, "invalid XML comment")
		}
		return types.NewString("<!--" + s + "-->"), nil
	})
}
