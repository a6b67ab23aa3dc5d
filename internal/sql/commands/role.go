package commands

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/tuskdb/tusk/internal/catalog"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Roles: CREATE ROLE/USER/GROUP, ALTER ROLE, DROP ROLE, GRANT and REVOKE
// of role membership (PostgreSQL's commands/user.c). Roles are shared by
// all databases of the server, like pg_authid.

// CreateRole executes CREATE ROLE, CREATE USER (LOGIN by default) and
// CREATE GROUP.
func CreateRole(s Session, st *pg_query.CreateRoleStmt) (string, error) {
	cat := s.Catalog()
	if err := checkCreateRole(s); err != nil {
		return "", err
	}
	if err := checkRoleName(st.Role); err != nil {
		return "", err
	}
	if cat.LookupRole(st.Role) != nil {
		return "", pgerror.New(pgerror.DuplicateObject, `role "%s" already exists`, st.Role)
	}
	r := &catalog.Role{Inherit: true, ConnLimit: -1, CanLogin: st.StmtType == pg_query.RoleStmtType_ROLESTMT_USER}
	oid, err := cat.Store().NewOid(s.Context())
	if err != nil {
		return "", err
	}
	d := &catalog.Desc{Oid: oid, Kind: catalog.KindRole, Name: st.Role, Role: r}
	var inRoles, members []*pg_query.Node
	err = applyRoleOptions(s, d, st.Options, func(de *pg_query.DefElem) error {
		switch de.Defname {
		case "addroleto":
			inRoles = de.Arg.GetList().GetItems()
		case "rolemembers", "adminmembers":
			members = append(members, de.Arg.GetList().GetItems()...)
		case "sysid":
		default:
			return pgerror.New(pgerror.SyntaxError, "option \"%s\" not recognized", de.Defname)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	for _, n := range inRoles {
		g, err := roleSpec(s, n.GetRoleSpec())
		if err != nil {
			return "", err
		}
		r.MemberOf = append(r.MemberOf, g.Oid)
	}
	if err := cat.Put(s.Context(), s.KV(), d); err != nil {
		return "", err
	}
	for _, n := range members {
		m, err := roleSpec(s, n.GetRoleSpec())
		if err != nil {
			return "", err
		}
		if err := addMember(s, d, m); err != nil {
			return "", err
		}
	}
	return "CREATE ROLE", nil
}

// checkCreateRole requires the current role to be a superuser or to have
// CREATEROLE.
func checkCreateRole(s Session) error {
	cur := s.Catalog().Get(s.UserOid())
	if cur == nil || cur.Role == nil || cur.Role.Superuser || cur.Role.CreateRole {
		return nil
	}
	return pgerror.New(pgerror.InsufficientPrivilege, "permission denied to create role")
}

// checkRoleName rejects reserved role names.
func checkRoleName(name string) error {
	if strings.HasPrefix(name, "pg_") {
		return pgerror.New(pgerror.ReservedName, `role name "%s" is reserved`, name).
			WithDetail(`Role names starting with "pg_" are reserved.`)
	}
	return nil
}

// applyRoleOptions applies the options CREATE ROLE and ALTER ROLE share to
// d; other options go to extra.
func applyRoleOptions(s Session, d *catalog.Desc, opts []*pg_query.Node, extra func(*pg_query.DefElem) error) error {
	r := d.Role
	seen := map[string]bool{}
	for _, o := range opts {
		de := o.GetDefElem()
		if seen[de.Defname] {
			return pgerror.New(pgerror.SyntaxError, "conflicting or redundant options").WithPosition(de.Location + 1)
		}
		seen[de.Defname] = true
		b := de.Arg.GetBoolean().GetBoolval()
		switch de.Defname {
		case "superuser":
			r.Superuser = b
		case "createrole":
			r.CreateRole = b
		case "createdb":
			r.CreateDB = b
		case "canlogin":
			r.CanLogin = b
		case "isreplication":
			r.Replication = b
		case "bypassrls":
			r.BypassRLS = b
		case "inherit":
			r.Inherit = b
		case "connectionlimit":
			n := int(de.Arg.GetInteger().GetIval())
			if n < -1 {
				return pgerror.New(pgerror.InvalidParameterValue, "invalid connection limit: %d", n)
			}
			r.ConnLimit = n
		case "validUntil":
			// Stored as an absolute time, read in the session's time zone
			// as PostgreSQL's timestamptz input does.
			v := de.Arg.GetString_().GetSval()
			rows, _, err := s.Exec("SELECT "+quoteLiteral(v)+"::timestamptz", nil)
			if err != nil {
				return err
			}
			r.ValidUntil = types.FormatString(types.TimestampTZ, rows[0][0], types.DefaultCtx)
		case "password":
			pw := de.Arg.GetString_()
			if pw == nil {
				r.Password = ""
				continue
			}
			if pw.Sval == "" {
				s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, "empty string is not a valid password, clearing password"))
				r.Password = ""
				continue
			}
			enc, err := s.EncryptPassword(pw.Sval, d.Name)
			if err != nil {
				return err
			}
			r.Password = enc
		default:
			if err := extra(de); err != nil {
				return err
			}
		}
	}
	return nil
}

// roleSpec resolves a role specification (a name, CURRENT_USER,
// SESSION_USER, CURRENT_ROLE).
func roleSpec(s Session, rs *pg_query.RoleSpec) (*catalog.Desc, error) {
	name := rs.GetRolename()
	switch rs.GetRoletype() {
	case pg_query.RoleSpecType_ROLESPEC_CURRENT_USER, pg_query.RoleSpecType_ROLESPEC_SESSION_USER,
		pg_query.RoleSpecType_ROLESPEC_CURRENT_ROLE:
		if d := s.Catalog().Get(s.UserOid()); d != nil {
			return d, nil
		}
		name = s.SessionUser()
	case pg_query.RoleSpecType_ROLESPEC_PUBLIC:
		return nil, pgerror.New(pgerror.UndefinedObject, `role "public" does not exist`)
	}
	d := s.Catalog().LookupRole(name)
	if d == nil {
		return nil, pgerror.New(pgerror.UndefinedObject, `role "%s" does not exist`, name)
	}
	return d, nil
}

// AlterRole executes ALTER ROLE/USER ... [WITH] options.
func AlterRole(s Session, st *pg_query.AlterRoleStmt) (string, error) {
	d, err := roleSpec(s, st.Role)
	if err != nil {
		return "", err
	}
	if err := checkAlterRole(s, d, st.Options); err != nil {
		return "", err
	}
	nd := *d
	nr := *d.Role
	nd.Role = &nr
	nr.MemberOf = append([]catalog.Oid(nil), d.Role.MemberOf...)
	err = applyRoleOptions(s, &nd, st.Options, func(de *pg_query.DefElem) error {
		if de.Defname == "rolemembers" && st.Action != 0 {
			// ALTER GROUP g ADD/DROP USER u.
			for _, n := range de.Arg.GetList().GetItems() {
				m, err := roleSpec(s, n.GetRoleSpec())
				if err != nil {
					return err
				}
				if st.Action > 0 {
					if err := addMember(s, &nd, m); err != nil {
						return err
					}
				} else if err := removeMember(s, &nd, m); err != nil {
					return err
				}
			}
			return nil
		}
		return pgerror.New(pgerror.SyntaxError, "option \"%s\" not recognized", de.Defname)
	})
	if err != nil {
		return "", err
	}
	if err := s.Catalog().Put(s.Context(), s.KV(), &nd); err != nil {
		return "", err
	}
	return "ALTER ROLE", nil
}

// checkAlterRole applies ALTER ROLE's privilege rules: superusers may
// change any role; roles with CREATEROLE any role but a superuser; a role
// may change its own password.
func checkAlterRole(s Session, target *catalog.Desc, opts []*pg_query.Node) error {
	cur := s.Catalog().Get(s.UserOid())
	if cur == nil || cur.Role == nil || cur.Role.Superuser {
		return nil
	}
	if cur.Role.CreateRole && !target.Role.Superuser {
		for _, o := range opts {
			if n := o.GetDefElem().GetDefname(); n == "superuser" || n == "isreplication" || n == "bypassrls" {
				return pgerror.New(pgerror.InsufficientPrivilege, "must be superuser to change %s attribute", map[string]string{"superuser": "superuser", "isreplication": "replication", "bypassrls": "bypassrls"}[n])
			}
		}
		return nil
	}
	if target.Oid == cur.Oid && len(opts) == 1 && opts[0].GetDefElem().GetDefname() == "password" {
		return nil
	}
	return pgerror.New(pgerror.InsufficientPrivilege, "permission denied")
}

// renameRole executes ALTER ROLE ... RENAME TO (RenameRole in user.c).
func renameRole(s Session, st *pg_query.RenameStmt) (string, error) {
	cat := s.Catalog()
	d := cat.LookupRole(st.Subname)
	if d == nil {
		return "", pgerror.New(pgerror.UndefinedObject, `role "%s" does not exist`, st.Subname)
	}
	if d.Name == s.SessionUser() {
		return "", pgerror.New(pgerror.FeatureNotSupported, "session user cannot be renamed")
	}
	if d.Oid == s.UserOid() {
		return "", pgerror.New(pgerror.FeatureNotSupported, "current user cannot be renamed")
	}
	if err := checkRoleName(st.Newname); err != nil {
		return "", err
	}
	if cat.LookupRole(st.Newname) != nil {
		return "", pgerror.New(pgerror.DuplicateObject, `role "%s" already exists`, st.Newname)
	}
	nd := *d
	nr := *d.Role
	nd.Role = &nr
	nd.Name = st.Newname
	// An MD5 hash is salted with the role name, so it no longer matches.
	if strings.HasPrefix(nr.Password, "md5") {
		nr.Password = ""
		s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, "MD5 password cleared because of role rename"))
	}
	return "ALTER ROLE", cat.Put(s.Context(), s.KV(), &nd)
}

// DropRole executes DROP ROLE/USER/GROUP [IF EXISTS].
func DropRole(s Session, st *pg_query.DropRoleStmt) (string, error) {
	cat := s.Catalog()
	if err := checkCreateRole(s); err != nil {
		return "", pgerror.New(pgerror.InsufficientPrivilege, "permission denied to drop role")
	}
	for _, n := range st.Roles {
		rs := n.GetRoleSpec()
		if rs.GetRoletype() != pg_query.RoleSpecType_ROLESPEC_CSTRING {
			return "", pgerror.New(pgerror.FeatureNotSupported, "cannot use special role specifier in DROP ROLE")
		}
		d := cat.LookupRole(rs.Rolename)
		if d == nil {
			if st.MissingOk {
				s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, `role "%s" does not exist, skipping`, rs.Rolename))
				continue
			}
			return "", pgerror.New(pgerror.UndefinedObject, `role "%s" does not exist`, rs.Rolename)
		}
		if d.Oid == s.UserOid() {
			return "", pgerror.New(pgerror.ObjectInUse, "current user cannot be dropped")
		}
		if d.Name == s.SessionUser() {
			return "", pgerror.New(pgerror.ObjectInUse, "session user cannot be dropped")
		}
		if d.Oid == catalog.OidBootstrapSuper {
			return "", pgerror.New(pgerror.DependentObjectsStillExist, "cannot drop role %s because it is required by the database system", d.Name)
		}
		if owned := ownedObjects(s, d.Oid); len(owned) > 0 {
			return "", pgerror.New(pgerror.DependentObjectsStillExist, `role "%s" cannot be dropped because some objects depend on it`, d.Name).
				WithDetail("%s", strings.Join(owned, "\n"))
		}
		// Memberships go with the role, in both directions.
		for _, o := range cat.All() {
			if o.Kind != catalog.KindRole || o.Oid == d.Oid {
				continue
			}
			if has(o.Role.MemberOf, d.Oid) {
				no := *o
				nr := *o.Role
				nr.MemberOf = without(o.Role.MemberOf, d.Oid)
				no.Role = &nr
				if err := cat.Put(s.Context(), s.KV(), &no); err != nil {
					return "", err
				}
			}
		}
		if err := cat.Drop(s.Context(), s.KV(), d.Oid); err != nil {
			return "", err
		}
	}
	return "DROP ROLE", nil
}

// ownedObjects describes the objects a role owns, for DROP ROLE's
// DETAIL: those of the current database by name, and a count for each
// other database.
func ownedObjects(s Session, role catalog.Oid) []string {
	var out []string
	others := map[catalog.Oid]int{}
	var otherOrder []catalog.Oid
	for _, d := range s.Catalog().All() {
		if d.Owner != role {
			continue
		}
		switch d.Kind {
		case catalog.KindDatabase:
			out = append(out, "owner of database "+d.Name)
			continue
		case catalog.KindRole:
			continue
		case catalog.KindSequence:
			if d.Sequence.OwnedByTable != 0 {
				continue
			}
		case catalog.KindIndex:
			continue
		}
		if d.Database != s.Database() && d.Database != 0 {
			if others[d.Database] == 0 {
				otherOrder = append(otherOrder, d.Database)
			}
			others[d.Database]++
			continue
		}
		kind := relKindName(d)
		name := d.Name
		if d.Kind == catalog.KindSchema {
			kind = "schema"
		} else {
			name = displayName(s, d)
		}
		out = append(out, "owner of "+kind+" "+name)
	}
	for _, db := range otherOrder {
		name := ""
		if dd := s.Catalog().Get(db); dd != nil {
			name = dd.Name
		}
		n := others[db]
		if n == 1 {
			out = append(out, fmt.Sprintf("1 object in database %s", name))
		} else {
			out = append(out, fmt.Sprintf("%d objects in database %s", n, name))
		}
	}
	return out
}

// GrantRole executes GRANT role TO role and REVOKE role FROM role.
func GrantRole(s Session, st *pg_query.GrantRoleStmt) (string, error) {
	for _, g := range st.GrantedRoles {
		name := g.GetAccessPriv().GetPrivName()
		granted := s.Catalog().LookupRole(name)
		if granted == nil {
			return "", pgerror.New(pgerror.UndefinedObject, `role "%s" does not exist`, name)
		}
		for _, m := range st.GranteeRoles {
			member, err := roleSpec(s, m.GetRoleSpec())
			if err != nil {
				return "", err
			}
			if st.IsGrant {
				err = addMember(s, granted, member)
			} else {
				err = removeMember(s, granted, member)
			}
			if err != nil {
				return "", err
			}
		}
	}
	if st.IsGrant {
		return "GRANT ROLE", nil
	}
	return "REVOKE ROLE", nil
}

// addMember makes member a member of group (AddRoleMems).
func addMember(s Session, group, member *catalog.Desc) error {
	cat := s.Catalog()
	member = cat.Get(member.Oid)
	if member == nil {
		return nil
	}
	if isMemberOf(s, group.Oid, member.Oid) {
		return pgerror.New(pgerror.InvalidGrantOperation, `role "%s" is a member of role "%s"`, group.Name, member.Name)
	}
	if has(member.Role.MemberOf, group.Oid) {
		s.Notice(pgerror.Notice(pgerror.SuccessfulCompletion, `role "%s" is already a member of role "%s"`, member.Name, group.Name))
		return nil
	}
	nd := *member
	nr := *member.Role
	nr.MemberOf = append(append([]catalog.Oid(nil), member.Role.MemberOf...), group.Oid)
	nd.Role = &nr
	return cat.Put(s.Context(), s.KV(), &nd)
}

// removeMember revokes group from member (DelRoleMems).
func removeMember(s Session, group, member *catalog.Desc) error {
	cat := s.Catalog()
	member = cat.Get(member.Oid)
	if member == nil {
		return nil
	}
	if !has(member.Role.MemberOf, group.Oid) {
		s.Notice(pgerror.Warning(pgerror.Warning01000, `role "%s" is not a member of role "%s"`, member.Name, group.Name))
		return nil
	}
	nd := *member
	nr := *member.Role
	nr.MemberOf = without(member.Role.MemberOf, group.Oid)
	nd.Role = &nr
	return cat.Put(s.Context(), s.KV(), &nd)
}

// isMemberOf reports whether role is group or a member of it, directly
// or through other roles.
func isMemberOf(s Session, role, group catalog.Oid) bool {
	seen := map[catalog.Oid]bool{}
	var walk func(o catalog.Oid) bool
	walk = func(o catalog.Oid) bool {
		if o == group {
			return true
		}
		if seen[o] {
			return false
		}
		seen[o] = true
		d := s.Catalog().Get(o)
		if d == nil || d.Role == nil {
			return false
		}
		for _, m := range d.Role.MemberOf {
			if walk(m) {
				return true
			}
		}
		return false
	}
	return walk(role)
}

func has(list []catalog.Oid, o catalog.Oid) bool {
	for _, x := range list {
		if x == o {
			return true
		}
	}
	return false
}

func without(list []catalog.Oid, o catalog.Oid) []catalog.Oid {
	var out []catalog.Oid
	for _, x := range list {
		if x != o {
			out = append(out, x)
		}
	}
	return out
}

// quoteLiteral quotes a string as an SQL literal.
func quoteLiteral(v string) string {
	return "'" + strings.ReplaceAll(v, "'", "''") + "'"
}

// ReassignOwned executes REASSIGN OWNED BY ... TO ...: the objects of the
// current database, and the databases, owned by the roles get the new
// owner.
func ReassignOwned(s Session, st *pg_query.ReassignOwnedStmt) (string, error) {
	olds, err := roleSpecs(s, st.Roles)
	if err != nil {
		return "", err
	}
	to, err := roleSpec(s, st.Newrole)
	if err != nil {
		return "", err
	}
	cat := s.Catalog()
	for _, d := range cat.All() {
		if !has(olds, d.Owner) || d.Kind == catalog.KindRole {
			continue
		}
		if d.Kind != catalog.KindDatabase && d.Database != s.Database() {
			continue
		}
		nd := *d
		nd.Owner = to.Oid
		if err := cat.Put(s.Context(), s.KV(), &nd); err != nil {
			return "", err
		}
	}
	return "REASSIGN OWNED", nil
}

// DropOwned executes DROP OWNED BY ... [CASCADE]: the tables, views,
// sequences and schemas of the current database the roles own are
// dropped, as one DROP.
func DropOwned(s Session, st *pg_query.DropOwnedStmt) (string, error) {
	roles, err := roleSpecs(s, st.Roles)
	if err != nil {
		return "", err
	}
	var targets []*catalog.Desc
	for _, d := range s.Catalog().All() {
		if !has(roles, d.Owner) || d.Database != s.Database() {
			continue
		}
		switch d.Kind {
		case catalog.KindTable, catalog.KindView, catalog.KindSchema:
		case catalog.KindSequence:
			if d.Sequence.OwnedByTable != 0 {
				continue
			}
		default:
			continue
		}
		targets = append(targets, d)
	}
	if err := dropObjects(s, targets, st.Behavior == pg_query.DropBehavior_DROP_CASCADE); err != nil {
		return "", err
	}
	return "DROP OWNED", nil
}

func roleSpecs(s Session, nodes []*pg_query.Node) ([]catalog.Oid, error) {
	var out []catalog.Oid
	for _, n := range nodes {
		d, err := roleSpec(s, n.GetRoleSpec())
		if err != nil {
			return nil, err
		}
		out = append(out, d.Oid)
	}
	return out, nil
}
