package orm

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// The GORM models: a user belongs to a company, has one profile, has many
// posts and speaks many languages (a join table).
type gormCompany struct {
	ID   uint
	Name string `gorm:"size:100;uniqueIndex"`
}

func (gormCompany) TableName() string { return "companies" }

type gormUser struct {
	ID        uint
	Name      string `gorm:"size:64;not null;index"`
	Email     string `gorm:"uniqueIndex:idx_users_email"`
	Age       int    `gorm:"check:age_nonneg,age >= 0"`
	Score     float64
	Active    bool `gorm:"default:true"`
	CompanyID *uint
	Company   gormCompany    `gorm:"foreignKey:CompanyID"`
	Profile   gormProfile    `gorm:"foreignKey:UserID"`
	Posts     []gormPost     `gorm:"foreignKey:UserID"`
	Languages []gormLanguage `gorm:"many2many:user_languages;joinForeignKey:UserID;joinReferences:LanguageID"`
	DeletedAt gorm.DeletedAt `gorm:"index"`
}

func (gormUser) TableName() string { return "users" }

type gormProfile struct {
	ID     uint
	UserID uint `gorm:"uniqueIndex"`
	Bio    string
}

func (gormProfile) TableName() string { return "profiles" }

type gormPost struct {
	ID     uint
	UserID uint   `gorm:"index"`
	Title  string `gorm:"size:200;index:idx_posts_title_user,priority:1"`
	Body   string `gorm:"type:text"`
	Views  int64  `gorm:"default:0;index:idx_posts_title_user,priority:2"`
}

func (gormPost) TableName() string { return "posts" }

type gormLanguage struct {
	ID   uint
	Code string `gorm:"size:8;uniqueIndex"`
}

func (gormLanguage) TableName() string { return "languages" }

// gormUserV2 is the users table one migration later: a new column with an
// index, and a wider name.
type gormUserV2 struct {
	ID        uint
	Name      string `gorm:"size:128;not null;index"`
	Email     string `gorm:"uniqueIndex:idx_users_email"`
	Age       int    `gorm:"check:age_nonneg,age >= 0"`
	Score     float64
	Active    bool `gorm:"default:true"`
	CompanyID *uint
	Nickname  string         `gorm:"size:32;index:idx_users_nickname"`
	DeletedAt gorm.DeletedAt `gorm:"index"`
}

func (gormUserV2) TableName() string { return "users" }

// gormTranscript runs the GORM program against one server.
// gormTranscript runs the program over the extended protocol (pgx's
// default) or, with simple, over the simple query protocol with the
// parameters interpolated by pgx (PreferSimpleProtocol, as used behind
// PgBouncer).
func gormTranscript(t *testing.T, dsn string, simple bool) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	db, err := gorm.Open(postgres.New(postgres.Config{DSN: dsn, PreferSimpleProtocol: simple}),
		&gorm.Config{Logger: logger.Default.LogMode(logger.Silent)})
	if err != nil {
		t.Fatalf("gorm.Open(%s): %v", dsn, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	defer sqlDB.Close()
	check := func(step string, err error) {
		if err != nil {
			p("%s: error: %v", step, err)
		} else {
			p("%s: ok", step)
		}
	}

	check("automigrate", db.AutoMigrate(&gormCompany{}, &gormUser{}, &gormProfile{}, &gormPost{}, &gormLanguage{}))
	// A second AutoMigrate of the same models must find everything in place.
	check("automigrate again", db.AutoMigrate(&gormCompany{}, &gormUser{}, &gormProfile{}, &gormPost{}, &gormLanguage{}))

	m := db.Migrator()
	for _, tbl := range []string{"companies", "users", "profiles", "posts", "languages", "user_languages", "nosuch"} {
		p("has table %s: %v", tbl, m.HasTable(tbl))
	}
	p("has column users.email: %v", m.HasColumn(&gormUser{}, "Email"))
	p("has column users.nickname: %v", m.HasColumn(&gormUser{}, "nickname"))
	p("has index users.idx_users_email: %v", m.HasIndex(&gormUser{}, "idx_users_email"))
	p("has index posts.idx_posts_title_user: %v", m.HasIndex(&gormPost{}, "idx_posts_title_user"))
	p("has constraint users.age_nonneg: %v", m.HasConstraint(&gormUser{}, "age_nonneg"))
	p("has constraint posts.fk_users_posts: %v", m.HasConstraint(&gormPost{}, "fk_users_posts"))
	tables, err := m.GetTables()
	check("get tables", err)
	sort.Strings(tables)
	p("tables: %s", strings.Join(tables, ", "))
	gormColumns(p, m, "users")
	gormColumns(p, m, "posts")
	gormColumns(p, m, "user_languages")
	gormIndexes(p, m, "users")
	gormIndexes(p, m, "posts")

	// CRUD with associations.
	acme, globex := gormCompany{Name: "Acme"}, gormCompany{Name: "Globex"}
	check("create companies", db.Create([]*gormCompany{&acme, &globex}).Error)
	en, de, fr := gormLanguage{Code: "en"}, gormLanguage{Code: "de"}, gormLanguage{Code: "fr"}
	check("create languages", db.Create([]*gormLanguage{&en, &de, &fr}).Error)
	ada := gormUser{Name: "ada", Email: "ada@example.com", Age: 36, Score: 9.5, CompanyID: &acme.ID,
		Profile:   gormProfile{Bio: "analyst"},
		Posts:     []gormPost{{Title: "notes", Body: "on the engine"}, {Title: "bernoulli", Body: "numbers", Views: 7}},
		Languages: []gormLanguage{en, fr}}
	bob := gormUser{Name: "bob", Email: "bob@example.com", Age: 41, CompanyID: &globex.ID,
		Posts: []gormPost{{Title: "hello", Body: "world", Views: 3}}, Languages: []gormLanguage{de}}
	cy := gormUser{Name: "cy", Email: "cy@example.com", Active: false}
	check("create users with associations", db.Create([]*gormUser{&ada, &bob, &cy}).Error)
	p("user ids: %d %d %d", ada.ID, bob.ID, cy.ID)
	check("duplicate email", db.Create(&gormUser{Name: "ada2", Email: "ada@example.com"}).Error)
	check("negative age", db.Create(&gormUser{Name: "neg", Email: "neg@example.com", Age: -1}).Error)

	var users []gormUser
	check("preload", db.Preload("Company").Preload("Profile").Preload("Posts", func(db *gorm.DB) *gorm.DB {
		return db.Order("posts.id")
	}).Preload("Languages", func(db *gorm.DB) *gorm.DB { return db.Order("languages.code") }).Order("users.id").Find(&users).Error)
	for _, u := range users {
		var posts, langs []string
		for _, x := range u.Posts {
			posts = append(posts, fmt.Sprintf("%s(%d)", x.Title, x.Views))
		}
		for _, x := range u.Languages {
			langs = append(langs, x.Code)
		}
		p("user %d %s <%s> age=%d score=%g active=%v company=%q bio=%q posts=[%s] languages=[%s]",
			u.ID, u.Name, u.Email, u.Age, u.Score, u.Active, u.Company.Name, u.Profile.Bio,
			strings.Join(posts, " "), strings.Join(langs, " "))
	}

	var joined []gormUser
	check("joins", db.Joins("Company").Where("\"Company\".name = ?", "Acme").Find(&joined).Error)
	for _, u := range joined {
		p("joined %s company=%s", u.Name, u.Company.Name)
	}
	type postCount struct {
		Name  string
		Posts int
		Views int64
	}
	var counts []postCount
	check("group by", db.Model(&gormUser{}).Select("users.name, count(posts.id) as posts, coalesce(sum(posts.views), 0) as views").
		Joins("left join posts on posts.user_id = users.id").Group("users.name").Order("users.name").Scan(&counts).Error)
	for _, c := range counts {
		p("count %s posts=%d views=%d", c.Name, c.Posts, c.Views)
	}

	check("update", db.Model(&gormUser{}).Where("name = ?", "bob").Updates(map[string]any{"age": 42, "score": 1.25}).Error)
	check("update association", db.Model(&ada).Association("Languages").Replace([]gormLanguage{de}))
	check("delete association", db.Model(&bob).Association("Languages").Clear())
	check("soft delete", db.Delete(&cy).Error)
	var n int64
	check("count", db.Model(&gormUser{}).Count(&n).Error)
	p("live users: %d", n)
	check("count unscoped", db.Unscoped().Model(&gormUser{}).Count(&n).Error)
	p("all users: %d", n)

	// Transactions: one that commits, one that rolls back, one nested.
	check("tx commit", db.Transaction(func(tx *gorm.DB) error {
		return tx.Create(&gormPost{UserID: bob.ID, Title: "in tx"}).Error
	}))
	check("tx rollback", db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&gormPost{UserID: bob.ID, Title: "rolled back"}).Error; err != nil {
			return err
		}
		return errors.New("roll back")
	}))
	check("tx nested", db.Transaction(func(tx *gorm.DB) error {
		tx.Create(&gormPost{UserID: ada.ID, Title: "outer"})
		tx.Transaction(func(tx2 *gorm.DB) error {
			tx2.Create(&gormPost{UserID: ada.ID, Title: "inner"})
			return errors.New("inner fails")
		})
		return nil
	}))
	var titles []string
	check("pluck", db.Model(&gormPost{}).Order("id").Pluck("title", &titles).Error)
	p("post titles: %s", strings.Join(titles, ", "))
	var ul []struct{ UserID, LanguageID uint }
	check("join table", db.Table("user_languages").Order("user_id, language_id").Find(&ul).Error)
	p("user_languages: %v", ul)

	// The next migration: a wider column, a new column and a new index.
	check("automigrate v2", db.AutoMigrate(&gormUserV2{}))
	p("has column users.nickname: %v", m.HasColumn(&gormUserV2{}, "nickname"))
	p("has index users.idx_users_nickname: %v", m.HasIndex(&gormUserV2{}, "idx_users_nickname"))
	gormColumns(p, m, "users")
	gormIndexes(p, m, "users")
	check("rename column", m.RenameColumn(&gormUserV2{}, "nickname", "handle"))
	p("has column users.handle: %v", m.HasColumn("users", "handle"))
	check("drop index", m.DropIndex(&gormUserV2{}, "idx_users_nickname"))
	p("has index users.idx_users_nickname: %v", m.HasIndex(&gormUserV2{}, "idx_users_nickname"))
	check("drop column", m.DropColumn("users", "handle"))
	check("drop join table", m.DropTable("user_languages"))
	p("has table user_languages: %v", m.HasTable("user_languages"))
	return b.String()
}

func gormColumns(p func(string, ...any), m gorm.Migrator, table string) {
	cols, err := m.ColumnTypes(table)
	if err != nil {
		p("column types %s: error: %v", table, err)
		return
	}
	for _, c := range cols {
		length, hasLength := c.Length()
		prec, scale, hasPrec := c.DecimalSize()
		nullable, _ := c.Nullable()
		pk, _ := c.PrimaryKey()
		unique, _ := c.Unique()
		autoinc, _ := c.AutoIncrement()
		def, hasDef := c.DefaultValue()
		ct, _ := c.ColumnType()
		p("column %s.%s type=%s columntype=%s length=%d/%v decimal=%d,%d/%v nullable=%v pk=%v unique=%v autoincrement=%v default=%q/%v",
			table, c.Name(), c.DatabaseTypeName(), ct, length, hasLength, prec, scale, hasPrec, nullable, pk, unique, autoinc, def, hasDef)
	}
}

func gormIndexes(p func(string, ...any), m gorm.Migrator, table string) {
	idx, err := m.GetIndexes(table)
	if err != nil {
		p("indexes %s: error: %v", table, err)
		return
	}
	var lines []string
	for _, i := range idx {
		unique, _ := i.Unique()
		pk, _ := i.PrimaryKey()
		lines = append(lines, fmt.Sprintf("index %s.%s columns=%v unique=%v pk=%v", table, i.Name(), i.Columns(), unique, pk))
	}
	sort.Strings(lines)
	for _, l := range lines {
		p("%s", l)
	}
}

func TestGORM(t *testing.T) {
	pgDSN, tuskDSN := servers(t)
	want := gormTranscript(t, pgDSN, false)
	got := gormTranscript(t, tuskDSN, false)
	compare(t, want, got)
	facts(t, "PostgreSQL", want,
		"automigrate: ok", "has table user_languages: true", "has table nosuch: false",
		"has index users.idx_users_email: true", "has column users.nickname: true")
	facts(t, "tusk", got,
		"automigrate: ok", "automigrate again: ok", "automigrate v2: ok",
		"user 1 ada <ada@example.com> age=36 score=9.5 active=true company=\"Acme\" bio=\"analyst\"",
		"has index users.idx_users_nickname: true")
}

// TestGORMSimpleProtocol runs the same program over the simple query
// protocol against a fresh tusk; its transcript must be PostgreSQL's over
// the extended protocol.
func TestGORMSimpleProtocol(t *testing.T) {
	pgDSN, tuskDSN := servers(t)
	want := gormTranscript(t, pgDSN, false)
	got := gormTranscript(t, tuskDSN, true)
	compare(t, want, got)
}
