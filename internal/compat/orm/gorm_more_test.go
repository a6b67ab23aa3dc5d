package orm

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"
)

// gormAccount has a UUID key the server generates, JSON serialized into
// a jsonb column, a decimal, and a time the program sets itself.
type gormAccount struct {
	ID      string            `gorm:"type:uuid;primaryKey;default:gen_random_uuid()"`
	Owner   string            `gorm:"size:40;not null;uniqueIndex:idx_accounts_owner_kind,priority:1"`
	Kind    string            `gorm:"size:10;not null;default:'personal';uniqueIndex:idx_accounts_owner_kind,priority:2"`
	Balance float64           `gorm:"type:numeric(12,2);not null;default:0"`
	Limits  map[string]int    `gorm:"serializer:json;type:jsonb"`
	Labels  []string          `gorm:"serializer:json"`
	Opened  time.Time         `gorm:"not null"`
	Meta    map[string]string `gorm:"-"`
	Version int               `gorm:"not null;default:1"`
}

func (gormAccount) TableName() string { return "accounts" }

type gormTransfer struct {
	ID     int64  `gorm:"primaryKey;autoIncrement"`
	FromID string `gorm:"type:uuid;not null;index"`
	ToID   string `gorm:"type:uuid;not null;index"`
	Amount float64
	Note   *string
	From   gormAccount `gorm:"foreignKey:FromID;constraint:OnDelete:RESTRICT"`
	To     gormAccount `gorm:"foreignKey:ToID;constraint:OnDelete:CASCADE"`
}

func (gormTransfer) TableName() string { return "transfers" }

func gormMoreTranscript(t *testing.T, dsn string) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	db, err := gorm.Open(postgres.New(postgres.Config{DSN: dsn, PreferSimpleProtocol: false}),
		&gorm.Config{Logger: logger.Default.LogMode(logger.Silent), NowFunc: func() time.Time {
			return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		}})
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
	m := db.Migrator()
	check("automigrate", db.AutoMigrate(&gormAccount{}, &gormTransfer{}))
	check("automigrate again", db.AutoMigrate(&gormAccount{}, &gormTransfer{}))
	p("has constraint fk_transfers_from: %v", m.HasConstraint(&gormTransfer{}, "fk_transfers_from"))
	gormColumns(p, m, "accounts")
	gormColumns(p, m, "transfers")
	gormIndexes(p, m, "accounts")

	opened := time.Date(2020, 5, 6, 7, 8, 9, 0, time.UTC)
	ada := gormAccount{Owner: "ada", Balance: 100, Limits: map[string]int{"daily": 50}, Labels: []string{"a", "b"}, Opened: opened}
	bob := gormAccount{Owner: "bob", Kind: "business", Balance: 20.5, Opened: opened}
	check("create", db.Create([]*gormAccount{&ada, &bob}).Error)
	p("uuid keys: %v %v", len(ada.ID) == 36, ada.ID != bob.ID)
	check("create in batches", db.CreateInBatches([]gormAccount{
		{Owner: "cy", Opened: opened}, {Owner: "dee", Opened: opened}, {Owner: "eve", Opened: opened}}, 2).Error)
	// Upserts: on the composite unique index, update some columns; do nothing.
	check("upsert update", db.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "owner"}, {Name: "kind"}},
		DoUpdates: clause.Assignments(map[string]any{"balance": gorm.Expr("accounts.balance + excluded.balance"), "version": gorm.Expr("accounts.version + 1")}),
	}).Create(&gormAccount{Owner: "ada", Kind: "personal", Balance: 1, Opened: opened}).Error)
	check("upsert nothing", db.Clauses(clause.OnConflict{DoNothing: true}).Create(&gormAccount{Owner: "bob", Kind: "business", Opened: opened}).Error)
	check("upsert all", db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "owner"}, {Name: "kind"}}, UpdateAll: true}).
		Create(&gormAccount{Owner: "cy", Kind: "personal", Balance: 7, Opened: opened}).Error)

	// A transfer under row locks, as an application would do it.
	note := "rent"
	check("transfer", db.Transaction(func(tx *gorm.DB) error {
		var from, to gormAccount
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("owner = ?", "ada").First(&from).Error; err != nil {
			return err
		}
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE", Options: "NOWAIT"}).Where("owner = ?", "bob").First(&to).Error; err != nil {
			return err
		}
		if err := tx.Model(&from).Update("balance", gorm.Expr("balance - ?", 30)).Error; err != nil {
			return err
		}
		if err := tx.Model(&to).Update("balance", gorm.Expr("balance + ?", 30)).Error; err != nil {
			return err
		}
		return tx.Create(&gormTransfer{FromID: from.ID, ToID: to.ID, Amount: 30, Note: &note}).Error
	}))
	check("overdraw", db.Transaction(func(tx *gorm.DB) error {
		var from gormAccount
		if err := tx.Clauses(clause.Locking{Strength: "SHARE"}).Where("owner = ?", "cy").Take(&from).Error; err != nil {
			return err
		}
		if err := tx.Model(&gormAccount{}).Where("owner = ?", "cy").Update("balance", gorm.Expr("balance - 1000")).Error; err != nil {
			return err
		}
		return tx.Exec("insert into transfers (from_id, to_id, amount) values (?, ?, 1000)", from.ID, "00000000-0000-0000-0000-000000000000").Error
	}))

	var accounts []gormAccount
	check("find", db.Order("owner").Find(&accounts).Error)
	for _, a := range accounts {
		p("account %s/%s balance=%.2f limits=%v labels=%v opened=%s version=%d",
			a.Owner, a.Kind, a.Balance, a.Limits, a.Labels, a.Opened.UTC().Format(time.RFC3339), a.Version)
	}
	var transfers []gormTransfer
	check("preload transfers", db.Preload("From").Preload("To").Order("id").Find(&transfers).Error)
	for _, x := range transfers {
		p("transfer %d %s -> %s %.2f note=%v", x.ID, x.From.Owner, x.To.Owner, x.Amount, *x.Note)
	}
	var owners []string
	check("scopes", db.Model(&gormAccount{}).Scopes(func(d *gorm.DB) *gorm.DB { return d.Where("balance > ?", 0) }).
		Order("balance desc").Limit(2).Offset(1).Pluck("owner", &owners).Error)
	p("owners: %v", owners)
	var rich []struct {
		Owner string
		Total float64
	}
	check("raw named", db.Raw("select owner, sum(balance) as total from accounts where kind = @kind group by owner having sum(balance) > @min order by owner",
		map[string]any{"kind": "personal", "min": 0}).Scan(&rich).Error)
	p("rich: %v", rich)
	var batches []string
	check("find in batches", db.Model(&gormAccount{}).FindInBatches(&[]gormAccount{}, 2, func(tx *gorm.DB, n int) error {
		batches = append(batches, fmt.Sprint(tx.RowsAffected))
		return nil
	}).Error)
	p("batches: %v", batches)
	var cnt int64
	check("distinct count", db.Model(&gormAccount{}).Distinct("kind").Count(&cnt).Error)
	p("kinds: %d", cnt)
	check("save", db.Save(&gormAccount{ID: ada.ID, Owner: "ada", Kind: "personal", Balance: 1, Opened: opened, Version: 9}).Error)
	check("delete restricted", db.Delete(&gormAccount{}, "owner = ?", "ada").Error)
	check("delete cascades", db.Delete(&gormAccount{}, "owner = ?", "bob").Error)
	check("count transfers", db.Model(&gormTransfer{}).Count(&cnt).Error)
	p("transfers left: %d", cnt)

	// Migrator operations beyond AutoMigrate.
	check("alter column", m.AlterColumn(&gormAccount{}, "Owner"))
	check("create view", m.CreateView("rich_accounts", gorm.ViewOption{Query: db.Model(&gormAccount{}).Select("owner, balance").Where("balance > ?", 10)}))
	var views []string
	check("view rows", db.Table("rich_accounts").Order("owner").Pluck("owner", &views).Error)
	p("rich_accounts: %v", views)
	check("drop view", m.DropView("rich_accounts"))
	check("drop constraint", m.DropConstraint(&gormTransfer{}, "fk_transfers_to"))
	p("has constraint fk_transfers_to: %v", m.HasConstraint(&gormTransfer{}, "fk_transfers_to"))
	check("create constraint", m.CreateConstraint(&gormTransfer{}, "To"))
	p("has constraint fk_transfers_to: %v", m.HasConstraint(&gormTransfer{}, "fk_transfers_to"))
	check("rename table", m.RenameTable("transfers", "payments"))
	p("has table payments: %v, transfers: %v", m.HasTable("payments"), m.HasTable("transfers"))
	check("rename index", m.RenameIndex("accounts", "idx_accounts_owner_kind", "idx_owner_kind"))
	p("has index idx_owner_kind: %v", m.HasIndex("accounts", "idx_owner_kind"))
	types, err := m.GetTypeAliases("int8"), error(nil)
	sort.Strings(types)
	check("type aliases", err)
	p("int8 aliases: %v", types)
	check("drop tables", m.DropTable("payments", &gormAccount{}))
	tables, err := m.GetTables()
	check("get tables", err)
	p("tables: %v", tables)
	return b.String()
}

func TestGORMMore(t *testing.T) {
	pgDSN, tuskDSN := servers(t)
	want := gormMoreTranscript(t, pgDSN)
	got := gormMoreTranscript(t, tuskDSN)
	compare(t, want, got)
	facts(t, "PostgreSQL", want, "automigrate: ok", "transfer: ok")
	facts(t, "tusk", got,
		"automigrate: ok", "automigrate again: ok", "uuid keys: true true", "upsert update: ok", "transfer: ok",
		"account ada/personal balance=71.00 limits=map[daily:50] labels=[a b] opened=2020-05-06T07:08:09Z version=2",
		"transfer 1 ada -> bob 30.00 note=rent", "batches: [2 2 1]", "create view: ok", "rename table: ok", "tables: []")
}
