package tusk

import "context"

// AddTestRole creates a login role whose password is stored as method
// ("md5" or "scram-sha-256") says; an empty password leaves the role
// without one. It exists only in tests, until CREATE ROLE can be used
// for it. The role is created as a superuser (as the catalog's EnsureRole
// creates roles); authentication does not look at that.
func (s *Server) AddTestRole(name, password, method string) error {
	secret := ""
	if password != "" {
		var err error
		if secret, err = encryptPassword(password, name, method); err != nil {
			return err
		}
	}
	return s.store.EnsureRole(context.Background(), name, secret)
}
